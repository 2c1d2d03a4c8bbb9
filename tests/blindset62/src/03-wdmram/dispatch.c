/*
 * dispatch.c - IRP handlers of wdmram.  Everything is completed inline,
 * copying from / to RAM never has to wait for anything.
 */
#include "wdmram.h"

static NTSTATUS
WrComplete(
    _In_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
WrDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return WrComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
WrDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWR_EXTENSION ext = (PWR_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    BOOLEAN isWrite = (stack->MajorFunction == IRP_MJ_WRITE);
    LONGLONG offset;
    ULONG length;
    PUCHAR buffer;

    if (isWrite) {
        offset = stack->Parameters.Write.ByteOffset.QuadPart;
        length = stack->Parameters.Write.Length;
    } else {
        offset = stack->Parameters.Read.ByteOffset.QuadPart;
        length = stack->Parameters.Read.Length;
    }

    if (offset < 0 ||
        (offset % WR_SECTOR_SIZE) != 0 ||
        (length % WR_SECTOR_SIZE) != 0 ||
        (ULONGLONG)offset + length > ext->ImageSize) {
        return WrComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    if (length == 0) {
        return WrComplete(Irp, STATUS_SUCCESS, 0);
    }

    buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                                  NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {
        return WrComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    if (isWrite) {
        RtlCopyMemory(ext->Image + offset, buffer, length);
        InterlockedIncrement((volatile LONG *)&ext->Writes);
    } else {
        RtlCopyMemory(buffer, ext->Image + offset, length);
        InterlockedIncrement((volatile LONG *)&ext->Reads);
    }

    return WrComplete(Irp, STATUS_SUCCESS, length);
}

NTSTATUS
WrDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWR_EXTENSION ext = (PWR_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID sysBuf = Irp->AssociatedIrp.SystemBuffer;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        if (outLen < sizeof(DISK_GEOMETRY)) {
            return WrComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(sysBuf, &ext->Geometry, sizeof(DISK_GEOMETRY));
        return WrComplete(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));

    case IOCTL_DISK_GET_LENGTH_INFO:
        if (outLen < sizeof(GET_LENGTH_INFORMATION)) {
            return WrComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ((PGET_LENGTH_INFORMATION)sysBuf)->Length.QuadPart = (LONGLONG)ext->ImageSize;
        return WrComplete(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));

    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
        return WrComplete(Irp, STATUS_SUCCESS, 0);

    default:
        return WrComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
