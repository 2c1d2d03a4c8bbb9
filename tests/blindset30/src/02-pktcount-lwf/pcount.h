/*
 * pcount - NDIS 6.30 lightweight filter that counts packets/bytes per adapter.
 *
 * Student project, network programming course.
 */
#pragma once

#include <ndis.h>

#define PC_TAG                  'tnCP'
#define PC_FRIENDLY_NAME        L"PCount NDIS Filter"
#define PC_UNIQUE_NAME          L"{9b0a7f5e-3c1d-4e2a-9f61-5d2c7a8b4e10}"
#define PC_SERVICE_NAME         L"pcount"

#define PC_NT_DEVICE_NAME       L"\\Device\\PCount"
#define PC_DOS_DEVICE_NAME      L"\\DosDevices\\PCount"

#define PC_NDIS_MAJOR           6
#define PC_NDIS_MINOR           30

#define DBG_PRINT(...)  DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "pcount: " __VA_ARGS__)

#define IOCTL_PCOUNT_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PC_STATE {
    PcStateDetached = 0,
    PcStatePaused,
    PcStateRunning,
    PcStatePausing
} PC_STATE;

typedef struct _PC_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    PC_STATE        State;

    volatile LONG64 RxPackets;
    volatile LONG64 RxBytes;
    volatile LONG64 TxPackets;
    volatile LONG64 TxBytes;
} PC_MODULE, *PPC_MODULE;

typedef struct _PC_COUNTERS {
    ULONG   IfIndex;
    ULONG   Reserved;
    ULONG64 RxPackets;
    ULONG64 RxBytes;
    ULONG64 TxPackets;
    ULONG64 TxBytes;
} PC_COUNTERS, *PPC_COUNTERS;

typedef struct _PC_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;

    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;

    NDIS_SPIN_LOCK  ModuleLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} PC_GLOBALS;

extern PC_GLOBALS g_Pc;

/* device.c */
_IRQL_requires_max_(PASSIVE_LEVEL) NDIS_STATUS PcRegisterDevice(VOID);
_IRQL_requires_max_(PASSIVE_LEVEL) VOID        PcDeregisterDevice(VOID);

/* filter.c */
FILTER_ATTACH                       PcAttach;
FILTER_DETACH                       PcDetach;
FILTER_RESTART                      PcRestart;
FILTER_PAUSE                        PcPause;
FILTER_SEND_NET_BUFFER_LISTS        PcSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PcSendNetBufferListsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS     PcReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS      PcReturnNetBufferLists;
