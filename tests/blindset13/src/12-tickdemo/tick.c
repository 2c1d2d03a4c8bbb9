/*
 * tick.c - driver entry, unload and the one IOCTL that reads the counters.
 */
#include "tick.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TickUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH TickCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH TickIoctl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\TickDemo");
static UNICODE_STRING g_Link = RTL_CONSTANT_STRING(L"\\??\\TickDemo");

NTSTATUS TickCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS TickIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TICK_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TICK_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_Tick.Counters, sizeof(TICK_COUNTERS));
            info = sizeof(TICK_COUNTERS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID TickUnload(PDRIVER_OBJECT DriverObject)
{
    TickStop();
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("tick: unloaded after %ld DPCs, %ld work items, %ld skipped\n",
             g_Tick.Counters.Dpcs, g_Tick.Counters.WorkItems, g_Tick.Counters.Skipped));
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PDEVICE_OBJECT dev;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tick: IoCreateDevice %08x\n", status));
        return status;
    }

    /* start ticking right away so the first reading is not all zeros */
    status = TickStart(dev);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tick: TickStart %08x\n", status));
        IoDeleteDevice(dev);
        return status;
    }

    status = IoCreateSymbolicLink(&g_Link, &g_DevName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tick: IoCreateSymbolicLink %08x\n", status));
        IoFreeWorkItem(g_Tick.WorkItem);
        g_Tick.WorkItem = NULL;
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TickIoctl;
    DriverObject->DriverUnload = TickUnload;

    return STATUS_SUCCESS;
}
