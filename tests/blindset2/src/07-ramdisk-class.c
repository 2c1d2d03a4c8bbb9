/*
 * rdclass.sys - class-driver-style RAM disk (no classpnp), for a storage course.
 * DriverEntry follows "Storage Class Driver's DriverEntry Routine":
 *  allocate a driver object extension, keep the registry path, set entry points.
 */
#include "07-ramdisk-class.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdcQueryDiskSize)
#endif

NTSTATUS
RdcQueryDiskSize(
    _In_ PRDC_DRIVER_EXTENSION Ext
    )
{
    RTL_QUERY_REGISTRY_TABLE query[2];
    ULONG defaultSize = 16;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(query, sizeof(query));
    query[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_SUBKEY;
    query[0].Name = L"Parameters";
    query[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    query[1].Name = L"DiskSizeMb";
    query[1].EntryContext = &Ext->DiskSizeMb;
    query[1].DefaultType = REG_DWORD;
    query[1].DefaultData = &defaultSize;
    query[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    Ext->RegistryPath.Buffer, query, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        Ext->DiskSizeMb = defaultSize;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PRDC_DRIVER_EXTENSION ext;
    NTSTATUS status;

    status = IoAllocateDriverObjectExtension(DriverObject, RDC_EXTENSION_ID,
                                             sizeof(RDC_DRIVER_EXTENSION), (PVOID*)&ext);
    if (!NT_SUCCESS(status)) {
        KdPrint(("rdclass: IoAllocateDriverObjectExtension failed 0x%08X\n", status));
        return status;
    }
    RtlZeroMemory(ext, sizeof(RDC_DRIVER_EXTENSION));

    ext->RegistryPath = *RegistryPath;
    ExInitializeFastMutex(&ext->Lock);

    status = RdcQueryDiskSize(ext);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RdcDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RdcDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = RdcDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = RdcDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RdcDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP] = RdcDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = RdcDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = RdcDispatchSystemControl;
    DriverObject->DriverExtension->AddDevice = RdcAddDevice;
    DriverObject->DriverUnload = RdcUnload;

    KdPrint(("rdclass: loaded, disk size %lu MB\n", ext->DiskSizeMb));
    return STATUS_SUCCESS;
}

VOID
RdcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    // The I/O manager frees the driver object extension itself.
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("rdclass: unload\n"));
}

NTSTATUS
RdcAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT Pdo
    )
{
    PRDC_DRIVER_EXTENSION ext = IoGetDriverObjectExtension(DriverObject, RDC_EXTENSION_ID);
    PDEVICE_OBJECT fdo;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    *(PDEVICE_OBJECT*)fdo->DeviceExtension = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (*(PDEVICE_OBJECT*)fdo->DeviceExtension == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    ExAcquireFastMutex(&ext->Lock);
    ext->DeviceCount++;
    ExReleaseFastMutex(&ext->Lock);

    fdo->Flags |= DO_DIRECT_IO;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
