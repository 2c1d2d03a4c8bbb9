#include "ramdisk.h"

namespace {

// offset/length must be sector aligned and fit inside the image
bool RangeOk(const ramdisk::DEVICE_EXTENSION* ext, LONGLONG offset, size_t length)
{
    if (offset < 0 || (offset % ramdisk::kBytesPerSector) != 0)
        return false;
    if ((length % ramdisk::kBytesPerSector) != 0)
        return false;
    return static_cast<ULONGLONG>(offset) + length <= ext->DiskSize;
}

} // namespace

VOID RamDiskEvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto ext = QueueGetExtension(Queue)->DevExt;
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    const LONGLONG offset = params.Parameters.Read.DeviceOffset;

    if (RangeOk(ext, offset, Length)) {
        status = WdfRequestRetrieveOutputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyFromBuffer(memory, 0, ext->DiskImage + offset, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID RamDiskEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto ext = QueueGetExtension(Queue)->DevExt;
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    const LONGLONG offset = params.Parameters.Write.DeviceOffset;

    if (RangeOk(ext, offset, Length)) {
        status = WdfRequestRetrieveInputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyToBuffer(memory, 0, ext->DiskImage + offset, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID RamDiskEvtIoDeviceControl(
    _In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ext = QueueGetExtension(Queue)->DevExt;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR information = 0;

    auto copyOut = [&](const void* src, size_t size) -> NTSTATUS {
        PVOID buffer;
        NTSTATUS s = WdfRequestRetrieveOutputBuffer(Request, size, &buffer, nullptr);
        if (NT_SUCCESS(s)) {
            RtlCopyMemory(buffer, src, size);
            information = size;
        }
        return s;
    };

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        status = copyOut(&ext->Geometry, sizeof(DISK_GEOMETRY));
        break;

    case IOCTL_DISK_GET_LENGTH_INFO: {
        GET_LENGTH_INFORMATION li;
        li.Length.QuadPart = ext->DiskSize;
        status = copyOut(&li, sizeof(li));
        break;
    }

    case IOCTL_DISK_GET_PARTITION_INFO: {
        PARTITION_INFORMATION pi = {};
        pi.StartingOffset.QuadPart = 0;
        pi.PartitionLength.QuadPart = ext->DiskSize;
        pi.HiddenSectors = 0;
        pi.PartitionNumber = 0;
        pi.PartitionType = PARTITION_FAT32;
        pi.BootIndicator = FALSE;
        pi.RecognizedPartition = TRUE;
        pi.RewritePartition = FALSE;
        status = copyOut(&pi, sizeof(pi));
        break;
    }

    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        status = STATUS_SUCCESS;
        break;

    case IOCTL_DISK_SET_PARTITION_INFO:
        // nothing to remember, the image has no partition table
        status = STATUS_SUCCESS;
        break;

    default:
        RD_PRINT(("KRamDisk: unhandled ioctl 0x%x\n", IoControlCode));
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}
