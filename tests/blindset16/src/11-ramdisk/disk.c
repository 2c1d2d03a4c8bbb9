/*++

Copyright (c) RamDisk contributors. Licensed under the Ms-PL.

Module Name:

    disk.c

Abstract:

    The disk device: EvtDriverDeviceAdd, read/write, and the disk IOCTLs
    needed for the mount manager and file systems.

--*/

#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RdEvtDeviceAdd)
#pragma alloc_text(PAGE, RdEvtDiskContextCleanup)
#pragma alloc_text(PAGE, RdPreloadImage)
#endif

NTSTATUS
RdPreloadImage(
    _In_ PCUNICODE_STRING ImageFile,
    _Out_writes_bytes_(Size) PUCHAR Image,
    _In_ ULONG Size
    )
{
    NTSTATUS status;
    OBJECT_ATTRIBUTES oa;
    IO_STATUS_BLOCK iosb;
    HANDLE file;
    LARGE_INTEGER offset;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)ImageFile,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ZwCreateFile(&file, GENERIC_READ | SYNCHRONIZE, &oa, &iosb, NULL,
                          FILE_ATTRIBUTE_NORMAL, FILE_SHARE_READ, FILE_OPEN,
                          FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                          NULL, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    offset.QuadPart = 0;
    status = ZwReadFile(file, NULL, NULL, NULL, &iosb, Image, Size, &offset, NULL);
    if (status == STATUS_END_OF_FILE) {
        status = STATUS_SUCCESS;
    }

    ZwClose(file);
    return status;
}

static
VOID
RdInitGeometry(
    _Inout_ PRD_DISK_CONTEXT Disk
    )
{
    Disk->Geometry.BytesPerSector = RD_SECTOR_SIZE;
    Disk->Geometry.SectorsPerTrack = 32;
    Disk->Geometry.TracksPerCylinder = 2;
    Disk->Geometry.Cylinders.QuadPart =
        Disk->Size / RD_SECTOR_SIZE / 32 / 2;
    Disk->Geometry.MediaType = FixedMedia;
}

NTSTATUS
RdEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    PRD_DISK_CONTEXT disk;
    DECLARE_CONST_UNICODE_STRING(deviceName, RD_DEVICE_NAME);
    DECLARE_UNICODE_STRING_SIZE(linkName, 16);

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    if (g_RdGlobals.DiskDevice != NULL) {
        return STATUS_DEVICE_ALREADY_ATTACHED;
    }

    status = WdfDeviceInitAssignName(DeviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RD_DISK_CONTEXT);
    attributes.EvtCleanupCallback = RdEvtDiskContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfDeviceCreate(disk) failed 0x%08X", status);
        return status;
    }

    disk = RdGetDiskContext(device);
    disk->Size = g_RdGlobals.Params.DiskSize;
    disk->DriveLetter = g_RdGlobals.Params.DriveLetter;
    RtlInitEmptyUnicodeString(&disk->DeviceName, disk->DeviceNameBuffer, sizeof(disk->DeviceNameBuffer));
    RtlCopyUnicodeString(&disk->DeviceName, &deviceName);

    disk->Image = ExAllocatePoolZero(NonPagedPoolNx, disk->Size, RD_TAG_DISK);
    if (disk->Image == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (g_RdGlobals.Params.ImageFile.Length != 0) {
        status = RdPreloadImage(&g_RdGlobals.Params.ImageFile, disk->Image, disk->Size);
        if (!NT_SUCCESS(status)) {
            RD_ERROR("preload '%wZ' failed 0x%08X, starting empty",
                     &g_RdGlobals.Params.ImageFile, status);
            RtlZeroMemory(disk->Image, disk->Size);
        }
    }

    RdInitGeometry(disk);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = RdEvtIoRead;
    queueConfig.EvtIoWrite = RdEvtIoWrite;
    queueConfig.EvtIoDeviceControl = RdEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RtlUnicodeStringPrintf(&linkName, RD_DRIVE_LINK_FMT, disk->DriveLetter);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreateSymbolicLink(device, &linkName);
    }
    if (!NT_SUCCESS(status)) {
        RD_ERROR("drive letter link failed 0x%08X", status);
        return status;
    }

    g_RdGlobals.DiskDevice = device;
    return STATUS_SUCCESS;
}

VOID
RdEvtDiskContextCleanup(
    _In_ WDFOBJECT Device
    )
{
    PRD_DISK_CONTEXT disk = RdGetDiskContext(Device);

    PAGED_CODE();

    if (disk->Image != NULL) {
        ExFreePoolWithTag(disk->Image, RD_TAG_DISK);
        disk->Image = NULL;
    }

    if (g_RdGlobals.DiskDevice == (WDFDEVICE)Device) {
        g_RdGlobals.DiskDevice = NULL;
    }
}

static
BOOLEAN
RdCheckRange(
    _In_ PRD_DISK_CONTEXT Disk,
    _In_ LONGLONG Offset,
    _In_ size_t Length
    )
{
    if (Offset < 0 || (Offset % RD_SECTOR_SIZE) != 0 || (Length % RD_SECTOR_SIZE) != 0) {
        return FALSE;
    }
    return (ULONGLONG)Offset + Length <= Disk->Size;
}

VOID
RdEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PRD_DISK_CONTEXT disk = RdGetDiskContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    LONGLONG offset;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset = params.Parameters.Read.DeviceOffset;

    if (RdCheckRange(disk, offset, Length)) {
        status = WdfRequestRetrieveOutputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyFromBuffer(memory, 0, disk->Image + offset, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
RdEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PRD_DISK_CONTEXT disk = RdGetDiskContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status = STATUS_INVALID_PARAMETER;
    LONGLONG offset;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset = params.Parameters.Write.DeviceOffset;

    if (RdCheckRange(disk, offset, Length)) {
        status = WdfRequestRetrieveInputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyToBuffer(memory, 0, disk->Image + offset, Length);
        }
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
RdEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PRD_DISK_CONTEXT disk = RdGetDiskContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR information = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DISK_GEOMETRY), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &disk->Geometry, sizeof(DISK_GEOMETRY));
            information = sizeof(DISK_GEOMETRY);
        }
        break;

    case IOCTL_DISK_GET_LENGTH_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(GET_LENGTH_INFORMATION), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((PGET_LENGTH_INFORMATION)buffer)->Length.QuadPart = disk->Size;
            information = sizeof(GET_LENGTH_INFORMATION);
        }
        break;

    case IOCTL_DISK_GET_PARTITION_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PARTITION_INFORMATION), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            PPARTITION_INFORMATION pi = buffer;
            RtlZeroMemory(pi, sizeof(*pi));
            pi->PartitionType = PARTITION_FAT32;
            pi->PartitionLength.QuadPart = disk->Size;
            pi->RecognizedPartition = TRUE;
            information = sizeof(PARTITION_INFORMATION);
        }
        break;

    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_VERIFY:
        status = STATUS_SUCCESS;
        break;

    case IOCTL_MOUNTDEV_QUERY_DEVICE_NAME:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(MOUNTDEV_NAME), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            PMOUNTDEV_NAME name = buffer;
            name->NameLength = disk->DeviceName.Length;
            if (OutputBufferLength < FIELD_OFFSET(MOUNTDEV_NAME, Name) + disk->DeviceName.Length) {
                information = sizeof(MOUNTDEV_NAME);
                status = STATUS_BUFFER_OVERFLOW;
            } else {
                RtlCopyMemory(name->Name, disk->DeviceName.Buffer, disk->DeviceName.Length);
                information = FIELD_OFFSET(MOUNTDEV_NAME, Name) + disk->DeviceName.Length;
            }
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}
