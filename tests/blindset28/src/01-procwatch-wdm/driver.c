//
// procwatch: driver entry, device plumbing and IOCTL handling.
//
// Build as a plain legacy (non-PnP) driver and install with
//   sc create procwatch type= kernel binPath= C:\drivers\procwatch.sys
// Needs /INTEGRITYCHECK on the linker line or the notify registration fails.
//
#include "procwatch.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PwCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PwDeviceControl;

static NTSTATUS PwCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS PwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PwCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS PwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG n;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PW_GET_EVENTS:
        if (outLen < sizeof(PW_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        n = PwDrainEvents((PPW_EVENT)buffer, outLen / sizeof(PW_EVENT));
        info = (ULONG_PTR)n * sizeof(PW_EVENT);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PW_GET_STATS:
        if (outLen < sizeof(PW_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        PwGetStats((PPW_STATS)buffer);
        info = sizeof(PW_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return PwCompleteIrp(Irp, status, info);
}

VOID PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PW_LINK_NAME);
    PW_STATS stats;

    PwGetStats(&stats);
    KdPrint(("[procwatch] unloading: %lu created, %lu exited, %lu dropped\n",
             stats.Created, stats.Exited, stats.Dropped));

    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PW_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PW_LINK_NAME);
    PDEVICE_OBJECT devObj = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint(("[procwatch] DriverEntry\n"));

    PwInitEventLog();

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &devObj);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[procwatch] IoCreateDevice failed 0x%08X\n", status));
        return status;
    }
    devObj->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[procwatch] IoCreateSymbolicLink failed 0x%08X\n", status));
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("[procwatch] PsSetCreateProcessNotifyRoutineEx failed 0x%08X\n", status));
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(devObj);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PwDeviceControl;
    DriverObject->DriverUnload = PwUnload;

    KdPrint(("[procwatch] ready\n"));
    return STATUS_SUCCESS;
}
