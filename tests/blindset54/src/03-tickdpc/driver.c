/*
 * driver.c - TickDpc
 *
 * Started as the "timers and DPCs" sample from a blog series, grew an
 * IOCTL interface and registry config.
 */
#include "tickdpc.h"

DRIVER_INITIALIZE        DriverEntry;
DRIVER_UNLOAD            TickUnload;
KDEFERRED_ROUTINE        TickDpcRoutine;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH          TickCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH          TickIoctl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TickUnload)
#endif

TICK_GLOBALS g_Tick;

static VOID
TickStart(ULONG PeriodMs)
{
    LARGE_INTEGER due;

    due.QuadPart = MS_TO_RELATIVE(PeriodMs);
    InterlockedExchange(&g_Tick.Running, 1);
    KeSetTimerEx(&g_Tick.Timer, due, (LONG)PeriodMs, &g_Tick.Dpc);
}

VOID
TickDpcRoutine(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PTICK_GLOBALS g = (PTICK_GLOBALS)DeferredContext;
    ULONGLONG now, delta, expected, jitter;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (g == NULL || !g->Running) {
        return;
    }

    now = KeQueryInterruptTime();

    KeAcquireSpinLockAtDpcLevel(&g->StatsLock);
    if (g->Stats.LastInterruptTime != 0) {
        delta    = now - g->Stats.LastInterruptTime;
        expected = (ULONGLONG)g->Stats.PeriodMs * 10000;
        jitter   = (delta > expected) ? (delta - expected) : (expected - delta);
        if (jitter > g->Stats.MaxJitter100ns) {
            g->Stats.MaxJitter100ns = jitter;
        }
    }
    g->Stats.LastInterruptTime = now;
    g->Stats.Ticks++;
    KeReleaseSpinLockFromDpcLevel(&g->StatsLock);

    if (g->Config.Verbose) {
        DbgPrint("TickDpc: tick %lu\n", g->Stats.Ticks);
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(TICK_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TICK_LINK_NAME);
    NTSTATUS status;

    TLOG("DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_Tick, sizeof(g_Tick));
    g_Tick.RegPath = *RegistryPath;
    KeInitializeSpinLock(&g_Tick.StatsLock);

    status = TickReadConfig(RegistryPath, &g_Tick.Config);
    if (!NT_SUCCESS(status)) {
        TERR("TickReadConfig 0x%08X\n", status);
        return status;
    }
    g_Tick.Stats.PeriodMs = g_Tick.Config.PeriodMs;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_TICKDPC,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Tick.Device);
    if (!NT_SUCCESS(status)) {
        TERR("IoCreateDevice 0x%08X\n", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        TERR("IoCreateSymbolicLink 0x%08X\n", status);
        IoDeleteDevice(g_Tick.Device);
        g_Tick.Device = NULL;
        return status;
    }

    g_Tick.Device->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TickIoctl;
    DriverObject->DriverUnload                         = TickUnload;

    KeInitializeTimerEx(&g_Tick.Timer, SynchronizationTimer);
    KeInitializeDpc(&g_Tick.Dpc, TickDpcRoutine, &g_Tick);

    TickStart(g_Tick.Config.PeriodMs);

    g_Tick.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    TLOG("running, period %lu ms\n", g_Tick.Config.PeriodMs);
    return STATUS_SUCCESS;
}

VOID
TickUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TICK_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* the DPC checks this first thing and does nothing once it's 0 */
    InterlockedExchange(&g_Tick.Running, 0);

    IoDeleteSymbolicLink(&linkName);
    if (g_Tick.Device != NULL) {
        IoDeleteDevice(g_Tick.Device);
        g_Tick.Device = NULL;
    }

    TLOG("unloaded after %lu ticks\n", g_Tick.Stats.Ticks);
}

NTSTATUS
TickCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TickIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    TICK_CONFIG cfg;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_TICK_GET_STATS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TICK_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_Tick.StatsLock, &irql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Tick.Stats, sizeof(TICK_STATS));
        KeReleaseSpinLock(&g_Tick.StatsLock, irql);
        info = sizeof(TICK_STATS);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_TICK_RELOAD:
        /* re-read the service key and restart the timer with the new period */
        status = TickReadConfig(&g_Tick.RegPath, &cfg);
        if (!NT_SUCCESS(status)) {
            break;
        }
        KeCancelTimer(&g_Tick.Timer);
        KeAcquireSpinLock(&g_Tick.StatsLock, &irql);
        g_Tick.Config = cfg;
        g_Tick.Stats.PeriodMs = cfg.PeriodMs;
        g_Tick.Stats.LastInterruptTime = 0;
        g_Tick.Stats.MaxJitter100ns = 0;
        KeReleaseSpinLock(&g_Tick.StatsLock, irql);
        TickStart(cfg.PeriodMs);
        TLOG("reloaded, period now %lu ms\n", cfg.PeriodMs);
        break;

    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
