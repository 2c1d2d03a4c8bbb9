/*
 * driver.c - DriverEntry, device add and device cleanup.
 */
#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RamDiskEvtDeviceAdd)
#pragma alloc_text(PAGE, RamDiskEvtDeviceContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    RD_TRACE(("kramdisk: built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, RamDiskEvtDeviceAdd);

    return WdfDriverCreate(DriverObject,
                           RegistryPath,
                           WDF_NO_OBJECT_ATTRIBUTES,
                           &config,
                           WDF_NO_HANDLE);
}

static VOID
RamDiskQueryDiskRegParameters(
    _In_ WDFDRIVER Driver,
    _Out_ PDISK_INFO DiskRegInfo
    )
{
    WDFKEY      key;
    NTSTATUS    status;
    ULONG       value;
    DECLARE_CONST_UNICODE_STRING(sizeName, L"DiskSize");
    DECLARE_CONST_UNICODE_STRING(roName,   L"ReadOnly");

    DiskRegInfo->DiskSize = DEFAULT_DISK_SIZE;
    DiskRegInfo->ReadOnly = 0;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return;     /* defaults are fine */
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &sizeName, &value)) &&
        value >= MIN_DISK_SIZE && value <= MAX_DISK_SIZE) {
        DiskRegInfo->DiskSize = value & ~(BYTES_PER_SECTOR - 1);
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &roName, &value))) {
        DiskRegInfo->ReadOnly = (value != 0);
    }

    WdfRegistryClose(key);
}

static VOID
RamDiskSetGeometry(
    _Inout_ PDEVICE_EXTENSION DevExt
    )
{
    PDISK_GEOMETRY g = &DevExt->DiskGeometry;

    g->BytesPerSector    = BYTES_PER_SECTOR;
    g->SectorsPerTrack   = SECTORS_PER_TRACK;
    g->TracksPerCylinder = TRACKS_PER_CYLINDER;
    g->MediaType         = FixedMedia;
    g->Cylinders.QuadPart = DevExt->DiskRegInfo.DiskSize /
                            (BYTES_PER_SECTOR * SECTORS_PER_TRACK * TRACKS_PER_CYLINDER);
}

NTSTATUS
RamDiskEvtDeviceAdd(
    _In_ WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES   deviceAttributes;
    WDF_OBJECT_ATTRIBUTES   queueAttributes;
    WDF_IO_QUEUE_CONFIG     ioQueueConfig;
    NTSTATUS                status;
    WDFDEVICE               device;
    WDFQUEUE                queue;
    PDEVICE_EXTENSION       devExt;
    PQUEUE_EXTENSION        queueExt;
    DECLARE_CONST_UNICODE_STRING(ntName, NT_DEVICE_NAME);

    PAGED_CODE();

    status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_EXTENSION);
    deviceAttributes.EvtCleanupCallback = RamDiskEvtDeviceContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        RD_TRACE(("kramdisk: WdfDeviceCreate 0x%08X\n", status));
        WdfDeviceInitFree(DeviceInit);
        return status;
    }

    devExt = DeviceGetExtension(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&ioQueueConfig, WdfIoQueueDispatchSequential);
    ioQueueConfig.EvtIoRead          = RamDiskEvtIoRead;
    ioQueueConfig.EvtIoWrite         = RamDiskEvtIoWrite;
    ioQueueConfig.EvtIoDeviceControl = RamDiskEvtIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&queueAttributes, QUEUE_EXTENSION);

    status = WdfIoQueueCreate(device, &ioQueueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        RD_TRACE(("kramdisk: WdfIoQueueCreate 0x%08X\n", status));
        return status;
    }

    queueExt = QueueGetExtension(queue);
    queueExt->DeviceExtension = devExt;

    RamDiskQueryDiskRegParameters(Driver, &devExt->DiskRegInfo);

    devExt->DiskImage = ExAllocatePoolZero(NonPagedPoolNx,
                                           devExt->DiskRegInfo.DiskSize,
                                           RAMDISK_TAG);
    if (devExt->DiskImage == NULL) {
        RD_TRACE(("kramdisk: no memory for a %lu byte image\n", devExt->DiskRegInfo.DiskSize));
        return status;
    }

    RamDiskSetGeometry(devExt);

    devExt->SymbolicLink.Buffer = devExt->SymbolicLinkBuffer;
    devExt->SymbolicLink.MaximumLength = sizeof(devExt->SymbolicLinkBuffer);
    devExt->SymbolicLink.Length = 0;
    status = RtlUnicodeStringCopyString(&devExt->SymbolicLink, DOS_DEVICE_NAME);
    if (NT_SUCCESS(status)) {
        status = WdfDeviceCreateSymbolicLink(device, &devExt->SymbolicLink);
    }
    if (!NT_SUCCESS(status)) {
        RD_TRACE(("kramdisk: symbolic link 0x%08X\n", status));
        return status;
    }

    RD_TRACE(("kramdisk: %lu MB disk ready\n", devExt->DiskRegInfo.DiskSize >> 20));
    return STATUS_SUCCESS;
}

VOID
RamDiskEvtDeviceContextCleanup(
    _In_ WDFOBJECT Device
    )
{
    PDEVICE_EXTENSION devExt = DeviceGetExtension(Device);

    PAGED_CODE();

    if (devExt->DiskImage != NULL) {
        ExFreePoolWithTag(devExt->DiskImage, RAMDISK_TAG);
        devExt->DiskImage = NULL;
    }
}
