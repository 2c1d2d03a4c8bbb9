#include "volguard.h"

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VgAddDevice)
#pragma alloc_text(PAGE, VgUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VgDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]   = VgDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VgDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VgDispatchWrite;

    DriverObject->DriverExtension->AddDevice = VgAddDevice;
    DriverObject->DriverUnload = VgUnload;

    VG_TRACE(VG_INFO, "loaded");
    return STATUS_SUCCESS;
}

NTSTATUS
VgAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    NTSTATUS status;
    PDEVICE_OBJECT fido = NULL;
    PVG_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VG_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    if (!NT_SUCCESS(status)) {
        VG_TRACE(VG_ERR, "IoCreateDevice %08x", status);
        return status;
    }

    ext = (PVG_EXTENSION)fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, VG_TAG, 0, 0);

    ext->WriteHistogram = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                  VG_HIST_BUCKETS * sizeof(ULONG), VG_TAG);
    if (ext->WriteHistogram == NULL) {
        IoDeleteDevice(fido);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fido, PhysicalDeviceObject);

    fido->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;

    VG_TRACE(VG_INFO, "attached %p over %p", fido, ext->Lower);
    return STATUS_SUCCESS;
}

VOID
VgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    /* all devices are gone through IRP_MN_REMOVE_DEVICE before we get here */
    VG_TRACE(VG_INFO, "unload");
}
