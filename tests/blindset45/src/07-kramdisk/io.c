/*
 * io.c - read/write/ioctl against the in-memory image.
 */
#include "ramdisk.h"

static BOOLEAN
RamDiskCheckParameters(
    _In_ PDEVICE_EXTENSION devExt,
    _In_ LARGE_INTEGER ByteOffset,
    _In_ size_t Length
    )
{
    if (ByteOffset.QuadPart < 0 ||
        (ULONGLONG)ByteOffset.QuadPart > devExt->DiskRegInfo.DiskSize ||
        Length > devExt->DiskRegInfo.DiskSize - (ULONGLONG)ByteOffset.QuadPart ||
        (Length & (devExt->DiskGeometry.BytesPerSector - 1)) != 0) {
        return FALSE;
    }
    return TRUE;
}

VOID
RamDiskEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PDEVICE_EXTENSION       devExt = QueueGetExtension(Queue)->DeviceExtension;
    NTSTATUS                status = STATUS_INVALID_PARAMETER;
    WDF_REQUEST_PARAMETERS  params;
    LARGE_INTEGER           offset;
    WDFMEMORY               mem;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset.QuadPart = params.Parameters.Read.DeviceOffset;

    if (RamDiskCheckParameters(devExt, offset, Length)) {
        status = WdfRequestRetrieveOutputMemory(Request, &mem);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyFromBuffer(mem, 0, devExt->DiskImage + offset.LowPart, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
RamDiskEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PDEVICE_EXTENSION       devExt = QueueGetExtension(Queue)->DeviceExtension;
    NTSTATUS                status = STATUS_INVALID_PARAMETER;
    WDF_REQUEST_PARAMETERS  params;
    LARGE_INTEGER           offset;
    WDFMEMORY               mem;

    if (devExt->DiskRegInfo.ReadOnly) {
        WdfRequestComplete(Request, STATUS_MEDIA_WRITE_PROTECTED);
        return;
    }

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset.QuadPart = params.Parameters.Write.DeviceOffset;

    if (RamDiskCheckParameters(devExt, offset, Length)) {
        status = WdfRequestRetrieveInputMemory(Request, &mem);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyToBuffer(mem, 0, devExt->DiskImage + offset.LowPart, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
RamDiskEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_EXTENSION   devExt = QueueGetExtension(Queue)->DeviceExtension;
    NTSTATUS            status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR           info = 0;
    PVOID               buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DISK_GEOMETRY), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &devExt->DiskGeometry, sizeof(DISK_GEOMETRY));
            info = sizeof(DISK_GEOMETRY);
        }
        break;

    case IOCTL_DISK_GET_LENGTH_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(GET_LENGTH_INFORMATION), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((PGET_LENGTH_INFORMATION)buffer)->Length.QuadPart = devExt->DiskRegInfo.DiskSize;
            info = sizeof(GET_LENGTH_INFORMATION);
        }
        break;

    case IOCTL_DISK_IS_WRITABLE:
        status = devExt->DiskRegInfo.ReadOnly ? STATUS_MEDIA_WRITE_PROTECTED : STATUS_SUCCESS;
        break;

    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
