/*
 * volflt.c - VolCache upper volume filter.
 *
 * Sits above volume PDOs (UpperFilters of the Volume class) and counts
 * read/write traffic.  Cache sizing is re-read from the service key every
 * time a new volume arrives, so that an administrator can change it
 * without a reboot.
 *
 * Copyright (c) 2019 Brightline Storage Ltd.  Internal use.
 */
#include "volflt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VolFltAddDevice)
#pragma alloc_text(PAGE, VolFltUnload)
#pragma alloc_text(PAGE, VolFltQueryParameters)
#pragma alloc_text(PAGE, VolFltDispatchPnp)
#endif

//
// Tag used with IoAllocateDriverObjectExtension / IoGetDriverObjectExtension.
//
static UCHAR VolFltExtensionId;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PVOLFLT_DRIVER_EXTENSION driverExt = NULL;
    NTSTATUS status;
    ULONG i;

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             &VolFltExtensionId,
                                             sizeof(VOLFLT_DRIVER_EXTENSION),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        KdPrint(("VolFlt: IoAllocateDriverObjectExtension failed %08x\n", status));
        return status;
    }

    RtlZeroMemory(driverExt, sizeof(VOLFLT_DRIVER_EXTENSION));

    //
    // Remember where our parameters live; AddDevice reads them again.
    //
    driverExt->RegistryPath = *RegistryPath;

    KeInitializeSpinLock(&driverExt->ListLock);
    InitializeListHead(&driverExt->DeviceList);
    driverExt->CacheSizeMb = 64;

    (VOID)VolFltQueryParameters(driverExt);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VolFltSendToNextDriver;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = VolFltReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VolFltReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = VolFltDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VolFltDispatchPower;

    DriverObject->DriverExtension->AddDevice = VolFltAddDevice;
    DriverObject->DriverUnload = VolFltUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
VolFltQueryParameters(
    _In_ PVOLFLT_DRIVER_EXTENSION DriverExtension
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG cacheSize = DriverExtension->CacheSizeMb;
    ULONG flags = DriverExtension->Flags;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"CacheSizeMb";
    table[0].EntryContext  = &cacheSize;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &cacheSize;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"Flags";
    table[1].EntryContext  = &flags;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &flags;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DriverExtension->RegistryPath.Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (NT_SUCCESS(status)) {
        DriverExtension->CacheSizeMb = cacheSize;
        DriverExtension->Flags = flags;
    }

    return status;
}

NTSTATUS
VolFltAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PVOLFLT_DRIVER_EXTENSION driverExt;
    PVOLFLT_DEVICE_EXTENSION devExt;
    PDEVICE_OBJECT filterDevice;
    KIRQL oldIrql;
    NTSTATUS status;

    PAGED_CODE();

    driverExt = IoGetDriverObjectExtension(DriverObject, &VolFltExtensionId);

    //
    // Pick up any change to the cache parameters.
    //
    (VOID)VolFltQueryParameters(driverExt);

    status = IoCreateDevice(DriverObject,
                            sizeof(VOLFLT_DEVICE_EXTENSION),
                            NULL,
                            VOLFLT_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    devExt = filterDevice->DeviceExtension;
    RtlZeroMemory(devExt, sizeof(*devExt));
    devExt->Self = filterDevice;
    devExt->PhysicalDevice = PhysicalDeviceObject;
    IoInitializeRemoveLock(&devExt->RemoveLock, VOLFLT_TAG, 0, 0);

    devExt->LowerDevice = IoAttachDeviceToDeviceStack(filterDevice, PhysicalDeviceObject);
    if (devExt->LowerDevice == NULL) {
        IoDeleteDevice(filterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }

    filterDevice->Flags |= devExt->LowerDevice->Flags &
                           (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filterDevice->Characteristics |= devExt->LowerDevice->Characteristics;

    KeAcquireSpinLock(&driverExt->ListLock, &oldIrql);
    InsertTailList(&driverExt->DeviceList, &devExt->Link);
    KeReleaseSpinLock(&driverExt->ListLock, oldIrql);

    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
VolFltSendToNextDriver(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLFLT_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(devExt->LowerDevice, Irp);
}

NTSTATUS
VolFltReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLFLT_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    if (irpSp->MajorFunction == IRP_MJ_READ) {
        InterlockedAdd64(&devExt->ReadBytes, irpSp->Parameters.Read.Length);
    } else {
        InterlockedAdd64(&devExt->WriteBytes, irpSp->Parameters.Write.Length);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(devExt->LowerDevice, Irp);
}

NTSTATUS
VolFltDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLFLT_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(devExt->LowerDevice, Irp);
}

NTSTATUS
VolFltDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLFLT_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    PVOLFLT_DRIVER_EXTENSION driverExt;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    KIRQL oldIrql;
    NTSTATUS status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        driverExt = IoGetDriverObjectExtension(DeviceObject->DriverObject,
                                               &VolFltExtensionId);

        KeAcquireSpinLock(&driverExt->ListLock, &oldIrql);
        RemoveEntryList(&devExt->Link);
        KeReleaseSpinLock(&driverExt->ListLock, oldIrql);

        IoReleaseRemoveLockAndWait(&devExt->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(devExt->LowerDevice, Irp);

        IoDetachDevice(devExt->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(devExt->LowerDevice, Irp);
    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return status;
}

VOID
VolFltUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    //
    // All filter devices are removed through PnP before we get here, and
    // the driver object extension goes away with the driver object.
    //
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("VolFlt: unloaded\n"));
}
