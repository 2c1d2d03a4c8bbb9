/*
 * tickdrv.c - DriverEntry, dispatch, unload
 */
#include "tickdrv.h"

TK_GLOBALS g_Tk;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TkUnload;

__drv_dispatchType(IRP_MJ_CREATE)
__drv_dispatchType(IRP_MJ_CLOSE)
DRIVER_DISPATCH   TkCreateClose;

__drv_dispatchType(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   TkDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TkUnload)
#pragma alloc_text(PAGE, TkCreateClose)
#endif

NTSTATUS
TkCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TkDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status = STATUS_SUCCESS;
    ULONG_PTR          info = 0;
    KIRQL              irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_TICK_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TK_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&g_Tk.Lock, &irql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Tk.Stats, sizeof(TK_STATS));
        KeReleaseSpinLock(&g_Tk.Lock, irql);
        info = sizeof(TK_STATS);
        break;

    case IOCTL_TICK_RESET:
        TkResetStats();
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
TkUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(TK_DOS_NAME);

    PAGED_CODE();

    TkStopSampling();

    IoDeleteSymbolicLink(&dosName);
    IoDeleteDevice(DriverObject->DeviceObject);

    TKDBG(("unloaded\n"));
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS       status;
    UNICODE_STRING ntName  = RTL_CONSTANT_STRING(TK_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(TK_DOS_NAME);

    TKDBG(("DriverEntry\n"));

    RtlZeroMemory(&g_Tk, sizeof(g_Tk));

    status = TkReadParameters(RegistryPath, &g_Tk.PeriodMs);
    CHECK(status, "TkReadParameters");
    if (!NT_SUCCESS(status)) {
        g_Tk.PeriodMs = TK_DEFAULT_PERIOD;
    }

    /* start measuring right away so the first numbers cover load time too */
    status = TkStartSampling();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_TICKDRV,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Tk.Device);
    if (!NT_SUCCESS(status)) {
        CHECK(status, "IoCreateDevice");
        goto stop_timer;
    }

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        CHECK(status, "IoCreateSymbolicLink");
        goto delete_device;
    }

    KeInitializeSpinLock(&g_Tk.Lock);
    g_Tk.Stats.MinDeltaUs = MAXULONG;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TkCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TkDeviceControl;
    DriverObject->DriverUnload                         = TkUnload;

    g_Tk.Device->Flags |= DO_BUFFERED_IO;
    g_Tk.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

delete_device:
    IoDeleteDevice(g_Tk.Device);
stop_timer:
    TkStopSampling();
    return status;
}
