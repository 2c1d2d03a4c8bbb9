/* lwfcount - NDIS 6.30 LWF, counts frames per adapter (course project) */
#pragma once

#include <ndis.h>

#define FILTER_FRIENDLY_NAME    L"LwfCount NDIS Filter"
#define FILTER_UNIQUE_NAME      L"{5cbf81bd-5055-47cd-9055-a76b2b4e3698}"
#define FILTER_SERVICE_NAME     L"LWFCOUNT"

#define LINKNAME_STRING         L"\\DosDevices\\LwfCount"
#define NTDEVICE_STRING         L"\\Device\\LwfCount"

#define FILTER_MAJOR_NDIS_VERSION   6
#define FILTER_MINOR_NDIS_VERSION   30

#define FILTER_TAG              'tCwL'
#define STATS_PERIOD_MS         1000
#define FILTER_MAX_REPORTED     32

#define IOCTL_LWFCOUNT_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define DEBUGP(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "lwfcount: " fmt, __VA_ARGS__)
#else
#define DEBUGP(fmt, ...)
#endif

typedef struct _LWF_COUNTERS {
    NET_IFINDEX MiniportIfIndex;
    ULONG64     TxFrames;
    ULONG64     RxFrames;
    ULONG       TxPerSecond;
    ULONG       RxPerSecond;
} LWF_COUNTERS, *PLWF_COUNTERS;

typedef struct _FILTER_CONTEXT {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     MiniportIfIndex;
    volatile LONG64 TxFrames;
    volatile LONG64 RxFrames;
    LONG64          LastTx;
    LONG64          LastRx;
    ULONG           TxPerSecond;
    ULONG           RxPerSecond;
    BOOLEAN         Running;
} FILTER_CONTEXT, *PFILTER_CONTEXT;

/* globals (filter.c) */
extern PDRIVER_OBJECT  FilterDriverObject;
extern NDIS_HANDLE     FilterDriverHandle;
extern NDIS_SPIN_LOCK  FilterListLock;
extern LIST_ENTRY      FilterModuleList;

/* device.c */
NDIS_STATUS FilterRegisterDevice(VOID);
VOID        FilterDeregisterDevice(VOID);

/* stats.c */
NDIS_STATUS StatsStart(_In_ NDIS_HANDLE NdisHandle);
VOID        StatsStop(VOID);
ULONG       StatsSnapshot(_Out_writes_(MaxEntries) PLWF_COUNTERS Out, _In_ ULONG MaxEntries);

DRIVER_INITIALIZE               DriverEntry;
DRIVER_UNLOAD                   FilterUnload;
FILTER_ATTACH                   FilterAttach;
FILTER_DETACH                   FilterDetach;
FILTER_RESTART                  FilterRestart;
FILTER_PAUSE                    FilterPause;
FILTER_SEND_NET_BUFFER_LISTS    FilterSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE FilterSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS  FilterReturnNetBufferLists;
