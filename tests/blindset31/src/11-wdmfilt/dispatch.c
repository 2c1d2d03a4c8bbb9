//
// dispatch.c - pass-through, power, and the per-device rate timer
//
#include "filter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FltStartRateTimer)
#pragma alloc_text(PAGE, FltStopRateTimer)
#endif

NTSTATUS
FltDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFLT_EXTENSION ext = (PFLT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    InterlockedIncrement(&ext->IrpsThisPeriod);

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
FltDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFLT_EXTENSION ext = (PFLT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
VOID
FltRateDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PFLT_EXTENSION ext = (PFLT_EXTENSION)DeferredContext;
    LONG rate;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    rate = (LONG)(((LONGLONG)InterlockedExchange(&ext->IrpsThisPeriod, 0) * 1000) / ext->PeriodMs);
    InterlockedExchange(&ext->IrpsPerSecond, rate);
    if (rate > ext->PeakPerSecond) {
        InterlockedExchange(&ext->PeakPerSecond, rate);
    }
}

static ULONG
FltQueryRatePeriod(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG periodMs = FLT_RATE_PERIOD_MS;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"RatePeriodMs";
    table[0].EntryContext = &periodMs;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Flt.ServiceKey.Buffer,
                                           table, NULL, NULL)) ||
        periodMs < 100 || periodMs > 60000) {
        periodMs = FLT_RATE_PERIOD_MS;
    }
    return periodMs;
}

VOID
FltStartRateTimer(
    _In_ PFLT_EXTENSION Ext
    )
{
    LARGE_INTEGER due;

    PAGED_CODE();

    if (Ext->RateTimerArmed) {
        return;
    }
    Ext->PeriodMs = FltQueryRatePeriod();
    due.QuadPart = -10000LL * Ext->PeriodMs;
    KeSetTimerEx(&Ext->RateTimer, due, (LONG)Ext->PeriodMs, &Ext->RateDpc);
    Ext->RateTimerArmed = TRUE;
}

VOID
FltStopRateTimer(
    _In_ PFLT_EXTENSION Ext
    )
{
    PAGED_CODE();

    if (!Ext->RateTimerArmed) {
        return;
    }
    KeCancelTimer(&Ext->RateTimer);
    // a DPC for the last expiration may still be queued or running
    KeFlushQueuedDpcs();
    Ext->RateTimerArmed = FALSE;
}
