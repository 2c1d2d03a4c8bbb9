/*
 * io.c - IRP handlers
 */
#include "ramdsk.h"

static NTSTATUS
RdComplete(_In_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Info)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RdDispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RdDispatchUnsupported(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS
RdDispatchReadWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PRD_EXTENSION      ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    LARGE_INTEGER      off;
    ULONG              len;
    PUCHAR             buf;

    if (sp->MajorFunction == IRP_MJ_READ) {
        off = sp->Parameters.Read.ByteOffset;
        len = sp->Parameters.Read.Length;
    } else {
        off = sp->Parameters.Write.ByteOffset;
        len = sp->Parameters.Write.Length;
    }

    if (len == 0) {
        return RdComplete(Irp, STATUS_SUCCESS, 0);
    }
    if ((len & (RD_SECTOR_SIZE - 1)) || (off.QuadPart & (RD_SECTOR_SIZE - 1)) ||
        off.QuadPart < 0 || (ULONGLONG)off.QuadPart + len > ext->ImageSize) {
        return RdComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    buf = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (buf == NULL) {
        return RdComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    if (sp->MajorFunction == IRP_MJ_READ) {
        RtlCopyMemory(buf, ext->Image + off.QuadPart, len);
        InterlockedIncrement(&ext->Reads);
    } else {
        RtlCopyMemory(ext->Image + off.QuadPart, buf, len);
        InterlockedIncrement(&ext->Writes);
    }
    return RdComplete(Irp, STATUS_SUCCESS, len);
}

NTSTATUS
RdDispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PRD_EXTENSION      ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    ULONG              outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID              out = Irp->AssociatedIrp.SystemBuffer;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        if (outLen < sizeof(DISK_GEOMETRY)) {
            return RdComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(out, &ext->Geometry, sizeof(DISK_GEOMETRY));
        return RdComplete(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));

    case IOCTL_DISK_GET_LENGTH_INFO:
        if (outLen < sizeof(GET_LENGTH_INFORMATION)) {
            return RdComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ((PGET_LENGTH_INFORMATION)out)->Length.QuadPart = ext->ImageSize;
        return RdComplete(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));

    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        return RdComplete(Irp, STATUS_SUCCESS, 0);

    default:
        RD_LOG("ioctl 0x%08X not handled", sp->Parameters.DeviceIoControl.IoControlCode);
        return RdComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
