#include "ramblk.h"

static NTSTATUS rb_complete(PIRP Irp, NTSTATUS status, ULONG_PTR info)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, NT_SUCCESS(status) ? IO_DISK_INCREMENT : IO_NO_INCREMENT);
    return status;
}

NTSTATUS RbCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return rb_complete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS RbReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    BOOLEAN write = (sp->MajorFunction == IRP_MJ_WRITE);
    LONGLONG off = write ? sp->Parameters.Write.ByteOffset.QuadPart : sp->Parameters.Read.ByteOffset.QuadPart;
    ULONG len = write ? sp->Parameters.Write.Length : sp->Parameters.Read.Length;
    PUCHAR buf;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (len == 0)
        return rb_complete(Irp, STATUS_SUCCESS, 0);
    if (off < 0 || (off % RB_SECTOR) != 0 || (len % RB_SECTOR) != 0 ||
        (ULONGLONG)off + len > g_rb.DiskBytes)
        return rb_complete(Irp, STATUS_INVALID_PARAMETER, 0);

    buf = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (buf == NULL)
        return rb_complete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);

    irql = os_lock_take(&g_rb.Lock);
    if (write)
        RtlCopyMemory(g_rb.Disk + off, buf, len);
    else
        RtlCopyMemory(buf, g_rb.Disk + off, len);
    os_lock_give(&g_rb.Lock, irql);

    InterlockedAdd64(&g_rb.BytesIo, len);
    return rb_complete(Irp, STATUS_SUCCESS, len);
}

NTSTATUS RbDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID out = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY: {
        PDISK_GEOMETRY g = (PDISK_GEOMETRY)out;
        if (outLen < sizeof(*g))
            return rb_complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        g->MediaType = FixedMedia;
        g->BytesPerSector = RB_SECTOR;
        g->SectorsPerTrack = 32;
        g->TracksPerCylinder = 2;
        g->Cylinders.QuadPart = (LONGLONG)(g_rb.DiskBytes / (RB_SECTOR * 32 * 2));
        return rb_complete(Irp, STATUS_SUCCESS, sizeof(*g));
    }
    case IOCTL_DISK_GET_LENGTH_INFO: {
        PGET_LENGTH_INFORMATION li = (PGET_LENGTH_INFORMATION)out;
        if (outLen < sizeof(*li))
            return rb_complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        li->Length.QuadPart = (LONGLONG)g_rb.DiskBytes;
        return rb_complete(Irp, STATUS_SUCCESS, sizeof(*li));
    }
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
        return rb_complete(Irp, STATUS_SUCCESS, 0);
    default:
        return rb_complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
