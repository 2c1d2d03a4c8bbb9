/*
 * lwfstat.h - lwfstat: NDIS 6.30 modifying-capable LWF (pass-through in
 * practice) keeping tx/rx counters per binding, readable via \\.\LwfStat.
 */
#ifndef LWFSTAT_H
#define LWFSTAT_H

#ifndef NDIS630
#define NDIS630 1
#endif
#include <ndis.h>

#define LS_TAG              'tSwL'
#define LS_FRIENDLY_NAME    L"LwfStat Counters"
#define LS_UNIQUE_NAME      L"{A7C41E92-5B3D-4F08-8E26-D9B07F13C5A4}"
#define LS_SERVICE_NAME     L"lwfstat"
#define LS_DEVICE_NAME      L"\\Device\\LwfStat"
#define LS_LINK_NAME        L"\\DosDevices\\LwfStat"

#define IOCTL_LWFSTAT_TOTALS CTL_CODE(FILE_DEVICE_NETWORK, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LWFSTAT_RESET  CTL_CODE(FILE_DEVICE_NETWORK, 0x881, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LS_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_WARNING_LEVEL, "lwfstat: " fmt "\n", __VA_ARGS__)

#define LS_CHECK_GOTO(_st, _what, _label)                                   \
    do {                                                                    \
        if ((_st) != NDIS_STATUS_SUCCESS) {                                 \
            LS_LOG("%s failed 0x%08X", (_what), (_st));                    \
            goto _label;                                                    \
        }                                                                   \
    } while (0)

typedef enum _LS_STATE { LsPaused = 0, LsRunning } LS_STATE;

typedef struct _LS_MODULE {
    LIST_ENTRY      Link;
    NDIS_HANDLE     FilterHandle;
    NET_IFINDEX     IfIndex;
    volatile LONG   State;
    volatile LONG64 TxNbls;
    volatile LONG64 RxNbls;
} LS_MODULE, *PLS_MODULE;

typedef struct _LS_TOTALS {
    ULONG   Modules;
    LONG64  TxNbls;
    LONG64  RxNbls;
} LS_TOTALS, *PLS_TOTALS;

typedef struct _LS_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    NDIS_HANDLE     FilterDriverHandle;
    NDIS_SPIN_LOCK  Lock;
    LIST_ENTRY      Modules;
    ULONG           ModuleCount;
    NDIS_HANDLE     DeviceHandle;
    PDEVICE_OBJECT  DeviceObject;
} LS_GLOBALS;

extern LS_GLOBALS g_Ls;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LsUnload;

/* modules.c */
FILTER_ATTACH                           LsAttach;
FILTER_DETACH                           LsDetach;
FILTER_RESTART                          LsRestart;
FILTER_PAUSE                            LsPause;
FILTER_SEND_NET_BUFFER_LISTS            LsSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE   LsSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS         LsReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS          LsReturnNbls;

VOID LsGetTotals(_Out_ PLS_TOTALS Totals);
VOID LsResetCounters(VOID);

#endif
