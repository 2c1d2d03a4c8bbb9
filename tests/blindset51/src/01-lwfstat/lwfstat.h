/*
 * lwfstat - tiny NDIS 6.30 lightweight filter that counts frames/bytes per
 * adapter and exposes the numbers through a control device.
 *
 * (c) hobby project, do whatever you want with it
 */
#pragma once

#define NDIS630 1
#include <ndis.h>

#define LWF_TAG                 'tSwL'

#define LWF_FRIENDLY_NAME       L"LwfStat Counting Filter"
#define LWF_UNIQUE_NAME         L"{8d1f5c0e-3a57-4b8c-9f06-2c1b7e7a4d11}"
#define LWF_SERVICE_NAME        L"lwfstat"

#define LWF_DEVICE_NAME         L"\\Device\\LwfStat"
#define LWF_SYMLINK_NAME        L"\\DosDevices\\LwfStat"

#define LWF_NDIS_MAJOR          NDIS_FILTER_MAJOR_VERSION
#define LWF_NDIS_MINOR          NDIS_FILTER_MINOR_VERSION
#define LWF_DRV_MAJOR           1
#define LWF_DRV_MINOR           2

#define IOCTL_LWFSTAT_QUERY  CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#if DBG
#define LWFLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "[lwfstat] " fmt "\n", __VA_ARGS__)
#else
#define LWFLOG(fmt, ...) ((void)0)
#endif

typedef enum _LWF_STATE { LwfDetached = 0, LwfPaused, LwfRunning } LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    LWF_STATE       State;
    volatile LONG64 RxFrames;
    volatile LONG64 RxBytes;
    volatile LONG64 TxFrames;
    volatile LONG64 TxBytes;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  ControlDevice;
    NDIS_SPIN_LOCK  ListLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} LWF_GLOBALS, *PLWF_GLOBALS;

typedef struct _LWFSTAT_RECORD {
    ULONG   IfIndex;
    ULONG   State;
    LONG64  RxFrames;
    LONG64  RxBytes;
    LONG64  TxFrames;
    LONG64  TxBytes;
} LWFSTAT_RECORD, *PLWFSTAT_RECORD;

extern LWF_GLOBALS g_Lwf;

/* device.c */
NDIS_STATUS LwfRegisterDevice(VOID);
VOID        LwfDeregisterDevice(VOID);

/* lwfstat.c */
FILTER_ATTACH                       LwfAttach;
FILTER_DETACH                       LwfDetach;
FILTER_RESTART                      LwfRestart;
FILTER_PAUSE                        LwfPause;
FILTER_SEND_NET_BUFFER_LISTS        LwfSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS     LwfReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS      LwfReturnNbls;
