/*
 * lwfrate.h - NDIS LWF that measures per-adapter throughput (bytes/second)
 * once a second and publishes it through \\.\LwfRate.
 */
#ifndef LWFRATE_H
#define LWFRATE_H

#define NDIS630 1
#include <ndis.h>

#define LR_TAG              'etaR'
#define LR_NDIS_MAJOR       6
#define LR_NDIS_MINOR       30
#define LR_SAMPLE_MS        1000

#define LR_DEVICE_NAME      L"\\Device\\LwfRate"
#define LR_LINK_NAME        L"\\DosDevices\\LwfRate"

#define IOCTL_LWFRATE_SNAPSHOT \
    CTL_CODE(FILE_DEVICE_NETWORK, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define LR_DBG(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, lvl, "lwfrate: " fmt "\n", __VA_ARGS__)
#define LR_ERR(fmt, ...)  LR_DBG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define LR_INFO(fmt, ...) LR_DBG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

typedef struct _LR_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NDIS_HANDLE     SampleTimer;
    NET_IFINDEX     IfIndex;
    volatile LONG64 RxBytes;        /* running total */
    volatile LONG64 TxBytes;
    LONG64          LastRx;         /* totals at the previous sample */
    LONG64          LastTx;
    volatile LONG64 RxRate;         /* bytes in the last second */
    volatile LONG64 TxRate;
} LR_MODULE, *PLR_MODULE;

typedef struct _LR_SNAPSHOT {
    ULONG  IfIndex;
    ULONG  Pad;
    LONG64 RxBytesPerSec;
    LONG64 TxBytesPerSec;
} LR_SNAPSHOT, *PLR_SNAPSHOT;

typedef struct _LR_GLOBALS {
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  Device;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
} LR_GLOBALS;

extern LR_GLOBALS LrGlobals;

/* module.c */
FILTER_ATTACH                           LrAttach;
FILTER_DETACH                           LrDetach;
FILTER_RESTART                          LrRestart;
FILTER_PAUSE                            LrPause;
FILTER_SEND_NET_BUFFER_LISTS            LrSend;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE   LrSendComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS         LrReceive;
FILTER_RETURN_NET_BUFFER_LISTS          LrReturn;

/* device.c */
NDIS_STATUS LrRegisterDevice(VOID);
VOID        LrDeregisterDevice(VOID);

#endif
