/*
 * filter.h - PktCount NDIS 6.30 light-weight filter: per-adapter receive
 * counters readable through a control device.
 */
#pragma once

#define NDIS630 1
#include <ndis.h>
#include <wdmsec.h>

#define LWF_NDIS_MAJOR      6
#define LWF_NDIS_MINOR      30
#define LWF_DRIVER_MAJOR    1
#define LWF_DRIVER_MINOR    4

#define LWF_TAG             'cPkP'
#define LWF_FRIENDLY_NAME   L"PktCount NDIS Filter"
#define LWF_UNIQUE_NAME     L"{3f6a2d18-9c4e-4b71-8d25-6e0b7a1c4f90}"
#define LWF_SERVICE_NAME    L"PktCount"
#define LWF_DEVICE_NAME     L"\\Device\\PktCount"
#define LWF_LINK_NAME       L"\\DosDevices\\PktCount"

/* keep a NBL pool around for the loopback probe */
#ifndef LWF_FEATURE_PROBE
#define LWF_FEATURE_PROBE   1
#endif

#define IOCTL_LWF_QUERY_STATS CTL_CODE(FILE_DEVICE_NETWORK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LWF_ACQUIRE_LOCK(_l, _dpr) \
    do { if (_dpr) NdisDprAcquireSpinLock(_l); else NdisAcquireSpinLock(_l); } while (0)
#define LWF_RELEASE_LOCK(_l, _dpr) \
    do { if (_dpr) NdisDprReleaseSpinLock(_l); else NdisReleaseSpinLock(_l); } while (0)

#define LWF_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "PktCount: " fmt "\n", __VA_ARGS__)

typedef enum _LWF_STATE {
    LwfDetached = 0,
    LwfAttaching,
    LwfPaused,
    LwfRestarting,
    LwfRunning,
    LwfPausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    volatile LONG   State;          /* LWF_STATE */
    NDIS_SPIN_LOCK  Lock;
    ULONG64         RxNbls;
    ULONG64         RxIndications;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_STATS {
    ULONG   Modules;
    ULONG64 RxNbls;
    ULONG64 RxIndications;
} LWF_STATS;

typedef struct _LWF_GLOBALS {
    NDIS_HANDLE     DriverHandle;
    NDIS_HANDLE     DeviceHandle;
    NDIS_HANDLE     NblPool;
    PDEVICE_OBJECT  DeviceObject;
    NDIS_SPIN_LOCK  ListLock;
    LIST_ENTRY      ModuleList;
    ULONG           ModuleCount;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

/* device.c */
NDIS_STATUS LwfRegisterDevice(VOID);
VOID        LwfDeregisterDevice(VOID);
