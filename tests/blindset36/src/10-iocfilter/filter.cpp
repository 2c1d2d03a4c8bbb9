//
// filter.cpp - DriverEntry, AddDevice, unload and the generic pass-through
//
#include "iocf.h"

using namespace iocf;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IocfAddDevice)
#pragma alloc_text(PAGE, IocfUnload)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = Config::Load(RegistryPath);
    if (!NT_SUCCESS(status)) {
        IOCF_DBG("config load failed 0x%08X", status);
        return status;
    }

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = IocfDispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]   = IocfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = IocfDispatchPower;

    DriverObject->DriverExtension->AddDevice = IocfAddDevice;
    DriverObject->DriverUnload               = IocfUnload;

    IOCF_DBG("loaded, enabled=%d", Config::Enabled());
    return STATUS_SUCCESS;
}

VOID
IocfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    // PnP only unloads us after every filter DO was removed.
    NT_ASSERT(DriverObject->DeviceObject == nullptr);
    UNREFERENCED_PARAMETER(DriverObject);

    Config::Free();
    IOCF_DBG("unloaded");
}

NTSTATUS
IocfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PAGED_CODE();

    // Match the device type of the stack we are joining; the PDO is the
    // best guess before we know who sits directly below us.
    PDEVICE_OBJECT filter = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), nullptr,
                                     PhysicalDeviceObject->DeviceType,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        IOCF_DBG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    auto ext = Ext(filter);
    RtlZeroMemory(ext, sizeof(DEVICE_EXTENSION));
    ext->Self = filter;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, IOCF_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->Lower == nullptr) {
        IOCF_DBG("attach failed");
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    // Look exactly like the device below us to the I/O manager.
    filter->DeviceType      = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;

    IOCF_DBG("filter %p on %p", filter, ext->Lower);
    return STATUS_SUCCESS;
}

NTSTATUS
IocfDispatchAny(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    if (Config::Enabled() && major <= IRP_MJ_MAXIMUM_FUNCTION) {
        InterlockedIncrement(&ext->MajorCount[major]);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}
