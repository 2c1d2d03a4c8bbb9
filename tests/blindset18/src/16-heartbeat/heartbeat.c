//
// heartbeat.c  -  periodic timer + DPC sample
//
// Every second a DPC bumps a counter and samples the interrupt time;
// user mode can read the stats with IOCTL_HB_QUERY to see how late the
// DPCs run (DPC latency toy, inspired by LatencyMon).
//

#include <ntddk.h>

#define HB_DEVICE_NAME  L"\\Device\\Heartbeat"
#define HB_LINK_NAME    L"\\??\\Heartbeat"
#define HB_PERIOD_MS    1000

#define IOCTL_HB_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HB_RESET  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A1, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _HB_STATS
{
    ULONG64 Ticks;
    ULONG64 LastInterruptTime;
    ULONG64 MaxLateness100ns;
} HB_STATS, *PHB_STATS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
DRIVER_DISPATCH HbCreateClose;
DRIVER_DISPATCH HbDeviceControl;
KDEFERRED_ROUTINE HbTimerDpc;

KTIMER     g_Timer;
KDPC       g_TimerDpc;
KSPIN_LOCK g_StatsLock;
HB_STATS   g_Stats;

VOID
HbTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    ULONG64 now;
    ULONG64 expected;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    now = KeQueryInterruptTime();

    KeAcquireSpinLockAtDpcLevel(&g_StatsLock);
    if (g_Stats.LastInterruptTime != 0)
    {
        expected = g_Stats.LastInterruptTime + (ULONG64)HB_PERIOD_MS * 10000;
        if (now > expected && now - expected > g_Stats.MaxLateness100ns)
        {
            g_Stats.MaxLateness100ns = now - expected;
        }
    }
    g_Stats.LastInterruptTime = now;
    g_Stats.Ticks++;
    KeReleaseSpinLockFromDpcLevel(&g_StatsLock);
}

NTSTATUS
HbCreateClose(
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
HbDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    KIRQL oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode)
    {
    case IOCTL_HB_QUERY:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_STATS))
        {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_StatsLock, &oldIrql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Stats, sizeof(HB_STATS));
        KeReleaseSpinLock(&g_StatsLock, oldIrql);
        information = sizeof(HB_STATS);
        break;

    case IOCTL_HB_RESET:
        KeAcquireSpinLock(&g_StatsLock, &oldIrql);
        g_Stats.MaxLateness100ns = 0;
        KeReleaseSpinLock(&g_StatsLock, oldIrql);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
HbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HB_LINK_NAME);

    KeCancelTimer(&g_Timer);
    KeFlushQueuedDpcs();

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    KdPrint(("heartbeat: unloaded after %I64u ticks\n", g_Stats.Ticks));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(HB_LINK_NAME);
    LARGE_INTEGER dueTime;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Stats, sizeof(g_Stats));
    KeInitializeSpinLock(&g_StatsLock);

    // start ticking right away
    KeInitializeTimerEx(&g_Timer, NotificationTimer);
    KeInitializeDpc(&g_TimerDpc, HbTimerDpc, NULL);
    dueTime.QuadPart = -10000LL * HB_PERIOD_MS;
    KeSetTimerEx(&g_Timer, dueTime, HB_PERIOD_MS, &g_TimerDpc);

    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status))
    {
        KdPrint(("heartbeat: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status))
    {
        KdPrint(("heartbeat: IoCreateSymbolicLink failed 0x%08X\n", status));
        KeCancelTimer(&g_Timer);
        KeFlushQueuedDpcs();
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbDeviceControl;
    DriverObject->DriverUnload = HbUnload;

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("heartbeat: running, period %d ms\n", HB_PERIOD_MS));
    return STATUS_SUCCESS;
}
