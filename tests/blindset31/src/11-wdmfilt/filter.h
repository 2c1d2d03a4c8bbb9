#pragma once
//
// filter.h - ioratefilt: WDM upper filter that measures per-device IRP rate.
//
#include <ntddk.h>

#define FLT_TAG             'tlFR'
#define FLT_RATE_PERIOD_MS  1000

typedef enum _FLT_PNP_STATE {
    FltNotStarted = 0,
    FltStarted,
    FltStopped,
    FltSurpriseRemoved,
    FltDeleted
} FLT_PNP_STATE;

typedef struct _FLT_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Pdo;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    FLT_PNP_STATE  State;
    LIST_ENTRY     GlobalLink;

    // rate measurement
    KTIMER         RateTimer;
    KDPC           RateDpc;
    BOOLEAN        RateTimerArmed;
    ULONG          PeriodMs;
    volatile LONG  IrpsThisPeriod;
    volatile LONG  IrpsPerSecond;
    volatile LONG  PeakPerSecond;
} FLT_EXTENSION, *PFLT_EXTENSION;

typedef struct _FLT_GLOBALS {
    FAST_MUTEX     DeviceListLock;
    LIST_ENTRY     DeviceList;
    ULONG          DeviceCount;
    UNICODE_STRING ServiceKey;      // NUL-terminated copy of RegistryPath
} FLT_GLOBALS;

extern FLT_GLOBALS g_Flt;

// driver.c
DRIVER_ADD_DEVICE FltAddDevice;

// pnp.c
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH FltDispatchPnp;

// dispatch.c
DRIVER_DISPATCH FltDispatchPassThrough;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH FltDispatchPower;
KDEFERRED_ROUTINE FltRateDpc;
VOID FltStartRateTimer(_In_ PFLT_EXTENSION Ext);
VOID FltStopRateTimer(_In_ PFLT_EXTENSION Ext);
