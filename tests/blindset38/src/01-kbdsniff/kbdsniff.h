/*
 * kbdsniff - tiny keyboard class upper filter. Listed after kbdclass in the
 * keyboard class UpperFilters value, so we sit on top of kbdclass and see the
 * IRP_MJ_READs the raw input thread sends it.
 *
 * Build with the WDK "Kernel Mode Driver, Empty" template.
 */
#pragma once

#include <ntddk.h>
#include <ntddkbd.h>

#define KS_TAG              'fSbK'
#define KS_MAX_HISTORY      64

#define KS_LOG(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[kbdsniff] " fmt "\n", __VA_ARGS__)
#define KS_ERR(fmt, ...)    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kbdsniff] !! " fmt "\n", __VA_ARGS__)

typedef enum _KS_PNP_STATE {
    KsStopped = 0,
    KsStarted,
    KsSurpriseRemoved,
    KsDeleted
} KS_PNP_STATE;

typedef struct _KS_KEY_EVENT {
    USHORT MakeCode;
    USHORT Flags;
} KS_KEY_EVENT;

typedef struct _KS_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    KS_PNP_STATE    PnpState;

    volatile LONG   PendingReads;

    KSPIN_LOCK      HistoryLock;
    ULONG           HistoryHead;
    ULONG           HistoryCount;
    KS_KEY_EVENT    History[KS_MAX_HISTORY];
} KS_DEVICE_EXTENSION, *PKS_DEVICE_EXTENSION;

typedef struct _KS_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    LONG            DeviceCount;
    BOOLEAN         LogBreaks;
} KS_GLOBALS;

extern KS_GLOBALS g_Ks;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   KsAddDevice;
DRIVER_UNLOAD       KsUnload;

_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH KsDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH KsDispatchPower;
_Dispatch_type_(IRP_MJ_READ)  DRIVER_DISPATCH KsDispatchRead;
DRIVER_DISPATCH KsDispatchPassThrough;

IO_COMPLETION_ROUTINE KsReadComplete;

VOID KsRecordKeys(_In_ PKS_DEVICE_EXTENSION Ext, _In_reads_(Count) PKEYBOARD_INPUT_DATA Data, _In_ ULONG Count);
