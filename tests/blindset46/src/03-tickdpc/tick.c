#include "tick.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TickUnload;
KDEFERRED_ROUTINE TickDpcRoutine;

__drv_dispatchType(IRP_MJ_CREATE)
__drv_dispatchType(IRP_MJ_CLOSE)
DRIVER_DISPATCH TickCreateClose;

__drv_dispatchType(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH TickIoctl;

TICK_CONTEXT g_Tick;

/* ------------------------------------------------------------------ */

VOID
TickDpcRoutine(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PTICK_CONTEXT ctx = (PTICK_CONTEXT)DeferredContext;
    TICK_SAMPLE s;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    s.InterruptTime = KeQueryInterruptTime();
    s.Processor     = KeGetCurrentProcessorNumberEx(NULL);
    s.Sequence      = (ULONG)InterlockedIncrement(&ctx->Sequence);

    RingPushAtDpc(&ctx->Ring, &s);
}

/* ------------------------------------------------------------------ */

NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status;
    UNICODE_STRING ntName, dosName;
    LARGE_INTEGER  dueTime;
    PDEVICE_OBJECT devObj = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    TDBG("DriverEntry\n");

    RtlZeroMemory(&g_Tick, sizeof(g_Tick));

    /* set up timer + dpc, first fire after one period */
    KeInitializeTimerEx(&g_Tick.Timer, NotificationTimer);
    KeInitializeDpc(&g_Tick.Dpc, TickDpcRoutine, &g_Tick);

    dueTime.QuadPart = -((LONGLONG)TICK_PERIOD_MS * 10 * 1000);
    KeSetTimerEx(&g_Tick.Timer, dueTime, TICK_PERIOD_MS, &g_Tick.Dpc);
    TDBG("timer armed, period %d ms\n", TICK_PERIOD_MS);

    status = RingInit(&g_Tick.Ring, TICK_RING_CAPACITY);
    if (!NT_SUCCESS(status)) {
        TDBG("RingInit failed %08x\n", status);
        KeCancelTimer(&g_Tick.Timer);
        KeFlushQueuedDpcs();
        return status;
    }

    RtlInitUnicodeString(&ntName, TICK_NT_NAME);
    RtlInitUnicodeString(&dosName, TICK_DOS_NAME);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &devObj);
    if (!NT_SUCCESS(status)) {
        TDBG("IoCreateDevice failed %08x\n", status);
        goto fail_ring;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        TDBG("IoCreateSymbolicLink failed %08x\n", status);
        goto fail_device;
    }

    g_Tick.Device = devObj;
    devObj->Flags |= DO_DIRECT_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TickIoctl;
    DriverObject->DriverUnload                         = TickUnload;

    devObj->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(devObj);
fail_ring:
    KeCancelTimer(&g_Tick.Timer);
    KeFlushQueuedDpcs();
    RingFree(&g_Tick.Ring);
    return status;
}

VOID
TickUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING dosName;

    RtlInitUnicodeString(&dosName, TICK_DOS_NAME);
    IoDeleteSymbolicLink(&dosName);

    /* stop the sampler and release the ring */
    KeCancelTimer(&g_Tick.Timer);
    RingFree(&g_Tick.Ring);

    IoDeleteDevice(DriverObject->DeviceObject);

    TDBG("unloaded after %d ticks\n", g_Tick.Sequence);
}

/* ------------------------------------------------------------------ */

NTSTATUS
TickCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
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
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_TICK_GET_SAMPLES: {
        ULONG max = irpSp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(TICK_SAMPLE);
        PTICK_SAMPLE out;

        if (max == 0 || Irp->MdlAddress == NULL) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        out = (PTICK_SAMPLE)MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                         NormalPagePriority | MdlMappingNoExecute);
        if (out == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            break;
        }
        info = RingDrain(&g_Tick.Ring, out, max) * sizeof(TICK_SAMPLE);
        break;
    }

    case IOCTL_TICK_GET_STATS: {
        PTICK_STATS st = (PTICK_STATS)Irp->AssociatedIrp.SystemBuffer;

        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TICK_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RingStats(&g_Tick.Ring, st);
        st->Fired = (ULONG)g_Tick.Sequence;
        info = sizeof(TICK_STATS);
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
