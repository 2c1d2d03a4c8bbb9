#ifndef _PKTCOUNT_LWF_H_
#define _PKTCOUNT_LWF_H_

#include <ndis.h>

#define LWF_TAG                 'tnCP'
#define LWF_MAJOR_NDIS_VERSION  6
#define LWF_MINOR_NDIS_VERSION  30

#define LWF_FRIENDLY_NAME  L"PktCount NDIS LightWeight Filter"
#define LWF_UNIQUE_NAME    L"{A3F0B3E2-7C41-4D8E-9F26-1B5C0E7D4A92}"
#define LWF_SERVICE_NAME   L"pktcount"

#define LWF_DEVICE_NAME    L"\\Device\\PktCount"
#define LWF_LINK_NAME      L"\\DosDevices\\PktCount"

#define IOCTL_PKTCOUNT_QUERY \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _LWF_STATE {
    LwfStateDetached = 0,
    LwfStateAttaching,
    LwfStatePaused,
    LwfStateRestarting,
    LwfStateRunning,
    LwfStatePausing
} LWF_STATE;

typedef struct _LWF_MODULE {
    LIST_ENTRY Link;
    NDIS_HANDLE FilterHandle;
    NET_IFINDEX IfIndex;
    NET_LUID NetLuid;
    LWF_STATE State;
    NDIS_SPIN_LOCK Lock;
    volatile LONG64 TxPackets;
    volatile LONG64 RxPackets;
    volatile LONG64 TxBytes;
    volatile LONG64 RxBytes;
} LWF_MODULE, *PLWF_MODULE;

typedef struct _LWF_MODULE_STATS {
    ULONG IfIndex;
    ULONG State;
    LONG64 TxPackets;
    LONG64 RxPackets;
    LONG64 TxBytes;
    LONG64 RxBytes;
} LWF_MODULE_STATS, *PLWF_MODULE_STATS;

#define LWF_ACQUIRE_LOCK(_lock, _dispatch)       \
    do {                                          \
        if (_dispatch) {                          \
            NdisDprAcquireSpinLock(_lock);        \
        } else {                                  \
            NdisAcquireSpinLock(_lock);           \
        }                                         \
    } while (0)

#define LWF_RELEASE_LOCK(_lock, _dispatch)       \
    do {                                          \
        if (_dispatch) {                          \
            NdisDprReleaseSpinLock(_lock);        \
        } else {                                  \
            NdisReleaseSpinLock(_lock);           \
        }                                         \
    } while (0)

#define LWF_F_LIST_LOCK   0x00000001
#define LWF_F_REGISTERED  0x00000002
#define LWF_F_DEVICE      0x00000004

typedef struct _LWF_GLOBALS {
    ULONG Flags;
    NDIS_HANDLE DriverHandle;
    NDIS_HANDLE DeviceHandle;
    PDEVICE_OBJECT DeviceObject;
    NDIS_SPIN_LOCK ListLock;
    LIST_ENTRY Modules;
    ULONG ModuleCount;
} LWF_GLOBALS;

extern LWF_GLOBALS g_Lwf;

/* device.c */
NDIS_STATUS LwfRegisterDevice(VOID);
VOID LwfDeregisterDevice(VOID);

#endif
