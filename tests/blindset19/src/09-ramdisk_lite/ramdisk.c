/*
 * ramdisk.c -- RamDiskLite
 *
 * Legacy (non-PnP) RAM disk: one non-paged image, exposed as
 * \Device\RamDiskLite with the drive letter R:.  Format it once after
 * loading ("format R: /fs:fat32 /q").  Size comes from the DiskSize
 * value (MB) under the service key, default 16 MB, max 256 MB.
 *
 * rdctl.exe opens \\.\R: with zero access and uses IOCTL_RD_GET_STATS.
 */
#include <ntddk.h>
#include <ntdddisk.h>
#include <ntddstor.h>

#define RD_TAG              'kDdR'
#define RD_SECTOR_SIZE      512
#define RD_DEFAULT_MB       16
#define RD_MAX_MB           256
#define RD_DEVICE_NAME      L"\\Device\\RamDiskLite"
#define RD_DOS_NAME         L"\\DosDevices\\R:"

#define IOCTL_RD_GET_STATS  CTL_CODE(FILE_DEVICE_DISK, 0x8A0, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _RD_STATS {
    ULONG64 ullBytesRead;
    ULONG64 ullBytesWritten;
    ULONG   ulDiskSize;
} RD_STATS, *PRD_STATS;

typedef struct _RD_EXTENSION {
    PUCHAR        pbImage;
    ULONG         ulDiskSize;
    DISK_GEOMETRY dgGeometry;
    RD_STATS      stStats;
} RD_EXTENSION, *PRD_EXTENSION;

static PDEVICE_OBJECT g_pRdDevice;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RdUnload;
static DRIVER_DISPATCH RdReadWrite;
static DRIVER_DISPATCH RdDeviceControl;

static ULONG
RdQueryDiskSizeMb(PUNICODE_STRING pusRegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE rqtTable[2];
    OBJECT_ATTRIBUTES oaKey;
    HANDLE hKey;
    ULONG ulMb = RD_DEFAULT_MB;
    ULONG ulDefault = RD_DEFAULT_MB;
    NTSTATUS ntStatus;

    InitializeObjectAttributes(&oaKey, pusRegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&hKey, KEY_READ, &oaKey))) {
        return RD_DEFAULT_MB;
    }

    RtlZeroMemory(rqtTable, sizeof(rqtTable));
    rqtTable[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    rqtTable[0].Name = L"DiskSize";
    rqtTable[0].EntryContext = &ulMb;
    rqtTable[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    rqtTable[0].DefaultData = &ulDefault;
    rqtTable[0].DefaultLength = sizeof(ULONG);

    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_HANDLE | RTL_REGISTRY_OPTIONAL,
                                      (PCWSTR)hKey, rqtTable, NULL, NULL);
    ZwClose(hKey);
    if (!NT_SUCCESS(ntStatus) || ulMb == 0 || ulMb > RD_MAX_MB) {
        ulMb = RD_DEFAULT_MB;
    }
    return ulMb;
}

static NTSTATUS
RdComplete(PIRP pIrp, NTSTATUS ntStatus, ULONG_PTR ulInfo)
{
    pIrp->IoStatus.Status = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_DISK_INCREMENT);
    return ntStatus;
}

static NTSTATUS
RdReadWrite(PDEVICE_OBJECT pDeviceObject, PIRP pIrp)
{
    PRD_EXTENSION pExt = (PRD_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION pStack = IoGetCurrentIrpStackLocation(pIrp);
    LONGLONG llOffset;
    ULONG ulLength;
    PUCHAR pbBuffer;

    if (pStack->MajorFunction == IRP_MJ_READ) {
        llOffset = pStack->Parameters.Read.ByteOffset.QuadPart;
        ulLength = pStack->Parameters.Read.Length;
    } else {
        llOffset = pStack->Parameters.Write.ByteOffset.QuadPart;
        ulLength = pStack->Parameters.Write.Length;
    }

    if (llOffset < 0 || (ulLength % RD_SECTOR_SIZE) != 0 || (llOffset % RD_SECTOR_SIZE) != 0 ||
        (ULONGLONG)llOffset + ulLength > pExt->ulDiskSize) {
        return RdComplete(pIrp, STATUS_INVALID_PARAMETER, 0);
    }
    if (ulLength == 0) {
        return RdComplete(pIrp, STATUS_SUCCESS, 0);
    }

    pbBuffer = (PUCHAR)MmGetSystemAddressForMdlSafe(pIrp->MdlAddress, NormalPagePriority | MdlMappingNoExecute);
    if (pbBuffer == NULL) {
        return RdComplete(pIrp, STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    if (pStack->MajorFunction == IRP_MJ_READ) {
        RtlCopyMemory(pbBuffer, pExt->pbImage + llOffset, ulLength);
        pExt->stStats.ullBytesRead += ulLength;
    } else {
        RtlCopyMemory(pExt->pbImage + llOffset, pbBuffer, ulLength);
        pExt->stStats.ullBytesWritten += ulLength;
    }
    return RdComplete(pIrp, STATUS_SUCCESS, ulLength);
}

static NTSTATUS
RdDeviceControl(PDEVICE_OBJECT pDeviceObject, PIRP pIrp)
{
    PRD_EXTENSION pExt = (PRD_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION pStack = IoGetCurrentIrpStackLocation(pIrp);
    ULONG ulOutLen = pStack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID pvBuffer = pIrp->AssociatedIrp.SystemBuffer;

    switch (pStack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        if (ulOutLen < sizeof(DISK_GEOMETRY)) {
            return RdComplete(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(pvBuffer, &pExt->dgGeometry, sizeof(DISK_GEOMETRY));
        return RdComplete(pIrp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));

    case IOCTL_DISK_GET_LENGTH_INFO:
        if (ulOutLen < sizeof(GET_LENGTH_INFORMATION)) {
            return RdComplete(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ((PGET_LENGTH_INFORMATION)pvBuffer)->Length.QuadPart = pExt->ulDiskSize;
        return RdComplete(pIrp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));

    case IOCTL_DISK_GET_PARTITION_INFO:
    {
        PPARTITION_INFORMATION pPart = (PPARTITION_INFORMATION)pvBuffer;

        if (ulOutLen < sizeof(PARTITION_INFORMATION)) {
            return RdComplete(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlZeroMemory(pPart, sizeof(*pPart));
        pPart->PartitionType = PARTITION_FAT32;
        pPart->PartitionLength.QuadPart = pExt->ulDiskSize;
        pPart->HiddenSectors = 0;
        pPart->PartitionNumber = 1;
        pPart->BootIndicator = FALSE;
        pPart->RecognizedPartition = TRUE;
        return RdComplete(pIrp, STATUS_SUCCESS, sizeof(PARTITION_INFORMATION));
    }

    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_MEDIA_REMOVAL:
    case IOCTL_DISK_SET_PARTITION_INFO:
    case IOCTL_DISK_VERIFY:
        return RdComplete(pIrp, STATUS_SUCCESS, 0);

    case IOCTL_RD_GET_STATS:
        if (ulOutLen < sizeof(RD_STATS)) {
            return RdComplete(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(pvBuffer, &pExt->stStats, sizeof(RD_STATS));
        return RdComplete(pIrp, STATUS_SUCCESS, sizeof(RD_STATS));

    default:
        return RdComplete(pIrp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID
RdUnload(PDRIVER_OBJECT pDriverObject)
{
    UNICODE_STRING usDosName = RTL_CONSTANT_STRING(RD_DOS_NAME);
    PRD_EXTENSION pExt;

    UNREFERENCED_PARAMETER(pDriverObject);

    IoDeleteSymbolicLink(&usDosName);

    if (g_pRdDevice != NULL) {
        pExt = (PRD_EXTENSION)g_pRdDevice->DeviceExtension;
        if (pExt->pbImage != NULL) {
            ExFreePoolWithTag(pExt->pbImage, RD_TAG);
        }
        IoDeleteDevice(g_pRdDevice);
        g_pRdDevice = NULL;
    }
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT pDriverObject, PUNICODE_STRING pRegistryPath)
{
    UNICODE_STRING usDevName = RTL_CONSTANT_STRING(RD_DEVICE_NAME);
    UNICODE_STRING usDosName = RTL_CONSTANT_STRING(RD_DOS_NAME);
    PRD_EXTENSION pExt;
    PUCHAR pbImage;
    ULONG ulDiskSize;
    NTSTATUS ntStatus;

    ulDiskSize = RdQueryDiskSizeMb(pRegistryPath) * 1024 * 1024;

    pbImage = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, ulDiskSize, RD_TAG);
    if (pbImage == NULL) {
        DbgPrint("RamDiskLite: cannot allocate %lu bytes\n", ulDiskSize);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(pbImage, ulDiskSize);

    ntStatus = IoCreateDevice(pDriverObject, sizeof(RD_EXTENSION), &usDevName, FILE_DEVICE_DISK,
                              FILE_DEVICE_SECURE_OPEN, FALSE, &g_pRdDevice);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("RamDiskLite: IoCreateDevice failed 0x%08X\n", ntStatus);
        return ntStatus;
    }

    pExt = (PRD_EXTENSION)g_pRdDevice->DeviceExtension;
    RtlZeroMemory(pExt, sizeof(RD_EXTENSION));
    pExt->pbImage = pbImage;
    pExt->ulDiskSize = ulDiskSize;
    pExt->stStats.ulDiskSize = ulDiskSize;

    pExt->dgGeometry.BytesPerSector = RD_SECTOR_SIZE;
    pExt->dgGeometry.SectorsPerTrack = 32;
    pExt->dgGeometry.TracksPerCylinder = 2;
    pExt->dgGeometry.Cylinders.QuadPart = ulDiskSize / (RD_SECTOR_SIZE * 32 * 2);
    pExt->dgGeometry.MediaType = FixedMedia;

    g_pRdDevice->Flags |= DO_DIRECT_IO;
    g_pRdDevice->AlignmentRequirement = FILE_WORD_ALIGNMENT;

    ntStatus = IoCreateSymbolicLink(&usDosName, &usDevName);
    if (!NT_SUCCESS(ntStatus)) {
        DbgPrint("RamDiskLite: R: is taken (0x%08X)\n", ntStatus);
        IoDeleteDevice(g_pRdDevice);
        g_pRdDevice = NULL;
        ExFreePoolWithTag(pbImage, RD_TAG);
        return ntStatus;
    }

    pDriverObject->MajorFunction[IRP_MJ_READ] = RdReadWrite;
    pDriverObject->MajorFunction[IRP_MJ_WRITE] = RdReadWrite;
    pDriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdDeviceControl;
    pDriverObject->DriverUnload = RdUnload;

    g_pRdDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    DbgPrint("RamDiskLite: %lu MB at R:\n", ulDiskSize / (1024 * 1024));
    return STATUS_SUCCESS;
}
