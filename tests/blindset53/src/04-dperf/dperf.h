/*
 * dperf.h - disk performance counter upper filter (class: DiskDrive, UpperFilters)
 */
#ifndef DPERF_H
#define DPERF_H

#include <ntddk.h>
#include <ntdddisk.h>

#define DP_TAG              'frPD'
#define DP_MAX_DISKS        64

#define DBGLVL_ERR          0
#define DBGLVL_INFO         1
#define DBGLVL_TRACE        2

extern ULONG DpDebug;

#define DPLOG(lvl, _x_)  do { if ((lvl) <= DpDebug) { DbgPrint("dperf: "); DbgPrint _x_; } } while (0)

#define CHECK(expr, msg)                                             \
    if (!NT_SUCCESS(status = (expr))) {                              \
        DPLOG(DBGLVL_ERR, ("%s failed 0x%08X\n", msg, status));      \
        goto cleanup;                                                \
    }

typedef struct _DP_COUNTERS {
    LONGLONG    BytesRead;
    LONGLONG    BytesWritten;
    ULONG       ReadCount;
    ULONG       WriteCount;
    ULONG       QueueDepth;
} DP_COUNTERS, *PDP_COUNTERS;

typedef struct _DP_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    KSPIN_LOCK      CounterLock;
    DP_COUNTERS     Counters;
    ULONG           Slot;
    BOOLEAN         Started;
} DP_EXTENSION, *PDP_EXTENSION;

DRIVER_ADD_DEVICE   DpAddDevice;
DRIVER_DISPATCH     DpDispatchPassThrough;
DRIVER_DISPATCH     DpDispatchReadWrite;
DRIVER_DISPATCH     DpDispatchPnp;
DRIVER_DISPATCH     DpDispatchPower;
DRIVER_DISPATCH     DpDispatchDeviceControl;

/* pnp.c */
VOID     DpInitSlots(VOID);
NTSTATUS DpForwardAndWait(_In_ PDP_EXTENSION Ext, _In_ PIRP Irp);
ULONG    DpClaimSlot(_In_ PDP_EXTENSION Ext);
VOID     DpReleaseSlot(_In_ PDP_EXTENSION Ext);

#endif
