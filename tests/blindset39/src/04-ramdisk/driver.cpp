//
// KRamDisk - small KMDF RAM disk, root enumerated (devcon install kramdisk.inf Root\KRamDisk)
//
#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    RD_PRINT(("KRamDisk: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, RamDiskEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        RD_PRINT(("KRamDisk: WdfDriverCreate failed 0x%x\n", status));
    }
    return status;
}

//
// Read "DiskSize" (REG_DWORD) from the service Parameters key.
// Anything missing or out of range falls back to the default.
//
static ULONG QueryDiskSize(WDFDRIVER Driver)
{
    WDFKEY key = nullptr;
    ULONG value = ramdisk::kDefaultSize;
    DECLARE_CONST_UNICODE_STRING(valueName, L"DiskSize");

    NTSTATUS status = WdfDriverOpenParametersRegistryKey(
        Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        status = WdfRegistryQueryULong(key, &valueName, &value);
        WdfRegistryClose(key);
        if (!NT_SUCCESS(status))
            value = ramdisk::kDefaultSize;
    }

    if (value < ramdisk::kMinSize || value > ramdisk::kMaxSize)
        value = ramdisk::kDefaultSize;

    // round down to a whole cylinder so the geometry is exact
    const ULONG cyl = ramdisk::kBytesPerSector * ramdisk::kSectorsPerTrack * ramdisk::kTracksPerCyl;
    return (value / cyl) * cyl;
}

NTSTATUS RamDiskEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS status;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(ntName, NT_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, DOS_DEVICE_NAME);

    PAGED_CODE();

    const ULONG diskSize = QueryDiskSize(Driver);

    // grab the memory first - no point creating a device we can't back
    auto image = static_cast<PUCHAR>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, diskSize, RAMDISK_TAG));
    if (image == nullptr) {
        RD_PRINT(("KRamDisk: no memory for %u byte image\n", diskSize));
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(image, RAMDISK_TAG);
        return status;
    }

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, ramdisk::DEVICE_EXTENSION);
    deviceAttributes.EvtCleanupCallback = RamDiskEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        RD_PRINT(("KRamDisk: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    // from here on the device cleanup callback owns the image
    auto devExt = DeviceGetExtension(device);
    devExt->DiskImage = image;
    devExt->DiskSize  = diskSize;
    RtlZeroMemory(devExt->DiskImage, diskSize);

    devExt->Geometry.BytesPerSector    = ramdisk::kBytesPerSector;
    devExt->Geometry.SectorsPerTrack   = ramdisk::kSectorsPerTrack;
    devExt->Geometry.TracksPerCylinder = ramdisk::kTracksPerCyl;
    devExt->Geometry.MediaType         = FixedMedia;
    devExt->Geometry.Cylinders.QuadPart =
        diskSize / (ramdisk::kBytesPerSector * ramdisk::kSectorsPerTrack * ramdisk::kTracksPerCyl);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead          = RamDiskEvtIoRead;
    queueConfig.EvtIoWrite         = RamDiskEvtIoWrite;
    queueConfig.EvtIoDeviceControl = RamDiskEvtIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&queueAttributes, ramdisk::QUEUE_EXTENSION);

    status = WdfIoQueueCreate(device, &queueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        RD_PRINT(("KRamDisk: WdfIoQueueCreate failed 0x%x\n", status));
        // device object is parented to the driver, framework deletes it for us
        return STATUS_SUCCESS;
    }
    QueueGetExtension(queue)->DevExt = devExt;

    // drive letter is a convenience, the disk works without it
    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        RD_PRINT(("KRamDisk: no drive letter (0x%x)\n", status));
    }

    RD_PRINT(("KRamDisk: %u MB disk ready\n", diskSize >> 20));
    return STATUS_SUCCESS;
}

VOID RamDiskEvtDeviceCleanup(_In_ WDFOBJECT Device)
{
    auto devExt = DeviceGetExtension(static_cast<WDFDEVICE>(Device));

    if (devExt->DiskImage) {
        ExFreePoolWithTag(devExt->DiskImage, RAMDISK_TAG);
        devExt->DiskImage = nullptr;
    }
}
