#include "heartbeat.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
DRIVER_DISPATCH HbCreateClose;
DRIVER_DISPATCH HbIoctl;

#pragma alloc_text(INIT, DriverEntry)

static PDEVICE_OBJECT g_Device;

NTSTATUS HbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS HbIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PHB_CONTEXT ctx = (PHB_CONTEXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_HB_GET_STATS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(HB_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            HbSnapshot(ctx, (PHB_STATS)Irp->AssociatedIrp.SystemBuffer);
            info = sizeof(HB_STATS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID HbUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);
    PHB_CONTEXT ctx = (PHB_CONTEXT)g_Device->DeviceExtension;

    UNREFERENCED_PARAMETER(DriverObject);

    HbStopTimer(ctx);
    KeWaitForSingleObject(&ctx->WorkIdle, Executive, KernelMode, FALSE, NULL);
    IoFreeWorkItem(ctx->WorkItem);
    KdPrint(("heartbeat: %ld ticks, %ld work runs\n", ctx->Stats.Ticks, ctx->Stats.WorkRuns));

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(HB_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(HB_LINK_NAME);
    PHB_CONTEXT ctx;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(HB_CONTEXT), &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx = (PHB_CONTEXT)g_Device->DeviceExtension;
    RtlZeroMemory(ctx, sizeof(*ctx));
    ctx->Device = g_Device;
    KeInitializeSpinLock(&ctx->StatsLock);
    KeInitializeEvent(&ctx->WorkIdle, NotificationEvent, TRUE);

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Device);
        return status;
    }

    HbStartTimer(ctx);

    ctx->WorkItem = IoAllocateWorkItem(g_Device);
    if (ctx->WorkItem == NULL) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = HbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = HbIoctl;
    DriverObject->DriverUnload = HbUnload;

    return STATUS_SUCCESS;
}
