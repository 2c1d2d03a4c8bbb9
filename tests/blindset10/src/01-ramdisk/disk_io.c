/*
 * disk_io.c - the request handlers of the RAM disk
 */
#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RdFillGeometry)
#pragma alloc_text(PAGE, RdWipeImage)
#endif

static NTSTATUS
RdComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

VOID
RdWipeImage(PUCHAR Image, ULONG Size)
{
    PAGED_CODE();
    RtlZeroMemory(Image, Size);
}

VOID
RdFillGeometry(PRD_EXTENSION Ext)
{
    PAGED_CODE();

    Ext->Geometry.BytesPerSector = RD_SECTOR_SIZE;
    Ext->Geometry.SectorsPerTrack = RD_SECTORS_PER_TRACK;
    Ext->Geometry.TracksPerCylinder = RD_TRACKS_PER_CYL;
    Ext->Geometry.Cylinders.QuadPart =
        Ext->Size.QuadPart / (RD_SECTOR_SIZE * RD_SECTORS_PER_TRACK * RD_TRACKS_PER_CYL);
    Ext->Geometry.MediaType = FixedMedia;
}

_Use_decl_annotations_
NTSTATUS
RdDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&ext->OpenCount);
    } else {
        InterlockedDecrement(&ext->OpenCount);
    }
    return RdComplete(Irp, STATUS_SUCCESS, 0);
}

/*
 * One routine for both directions, the only difference is which way the
 * bytes go.
 */
_Use_decl_annotations_
NTSTATUS
RdDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    LARGE_INTEGER offset;
    ULONG length;
    PUCHAR buffer;
    KIRQL irql;

    if (sp->MajorFunction == IRP_MJ_WRITE) {
        offset = sp->Parameters.Write.ByteOffset;
        length = sp->Parameters.Write.Length;
    } else {
        offset = sp->Parameters.Read.ByteOffset;
        length = sp->Parameters.Read.Length;
    }

    if (length == 0) {
        return RdComplete(Irp, STATUS_SUCCESS, 0);
    }

    if ((offset.QuadPart % RD_SECTOR_SIZE) != 0 || (length % RD_SECTOR_SIZE) != 0) {
        return RdComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    if (offset.QuadPart < 0 || offset.QuadPart + length > ext->Size.QuadPart) {
        return RdComplete(Irp, STATUS_INVALID_PARAMETER, 0);
    }

    buffer = (PUCHAR)MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (buffer == NULL) {
        return RdComplete(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    KeAcquireSpinLock(&ext->Lock, &irql);
    if (sp->MajorFunction == IRP_MJ_WRITE) {
        RtlCopyMemory(ext->Image + offset.QuadPart, buffer, length);
    } else {
        RtlCopyMemory(buffer, ext->Image + offset.QuadPart, length);
    }
    KeReleaseSpinLock(&ext->Lock, irql);

    return RdComplete(Irp, STATUS_SUCCESS, length);
}

_Use_decl_annotations_
NTSTATUS
RdDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID out = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        if (outLen < sizeof(DISK_GEOMETRY)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(out, &ext->Geometry, sizeof(DISK_GEOMETRY));
        info = sizeof(DISK_GEOMETRY);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_DISK_GET_LENGTH_INFO: {
        PGET_LENGTH_INFORMATION len = (PGET_LENGTH_INFORMATION)out;
        if (outLen < sizeof(GET_LENGTH_INFORMATION)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        len->Length = ext->Size;
        info = sizeof(GET_LENGTH_INFORMATION);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_DISK_GET_PARTITION_INFO: {
        PPARTITION_INFORMATION pi = (PPARTITION_INFORMATION)out;
        if (outLen < sizeof(PARTITION_INFORMATION)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlZeroMemory(pi, sizeof(*pi));
        pi->PartitionType = PARTITION_FAT32;
        pi->BootIndicator = FALSE;
        pi->RecognizedPartition = TRUE;
        pi->RewritePartition = FALSE;
        pi->StartingOffset.QuadPart = 0;
        pi->PartitionLength = ext->Size;
        pi->HiddenSectors = 0;
        pi->PartitionNumber = 1;
        info = sizeof(PARTITION_INFORMATION);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_DISK_GET_PARTITION_INFO_EX: {
        PPARTITION_INFORMATION_EX pix = (PPARTITION_INFORMATION_EX)out;
        if (outLen < sizeof(PARTITION_INFORMATION_EX)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlZeroMemory(pix, sizeof(*pix));
        pix->PartitionStyle = PARTITION_STYLE_MBR;
        pix->StartingOffset.QuadPart = 0;
        pix->PartitionLength = ext->Size;
        pix->PartitionNumber = 1;
        pix->Mbr.PartitionType = PARTITION_FAT32;
        pix->Mbr.RecognizedPartition = TRUE;
        info = sizeof(PARTITION_INFORMATION_EX);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_DISK_SET_PARTITION_INFO:
    case IOCTL_DISK_VERIFY:
        status = STATUS_SUCCESS;
        break;

    default:
        RD_LOG("unhandled ioctl 0x%08X\n", sp->Parameters.DeviceIoControl.IoControlCode);
        break;
    }

    return RdComplete(Irp, status, info);
}
