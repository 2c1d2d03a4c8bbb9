// accessor.cpp - "volmark": a C++ PnP volume upper filter. Its device
// extension is reached through a static accessor of its class,
// `Filter::Ext(dev)`, which casts dev->DeviceExtension. AddDevice attaches
// the filter above the volume; the IRP_MN_REMOVE_DEVICE handler passes the
// request down, detaches from the device below, then deletes its device.

#include <ntddk.h>

struct DeviceExtension {
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Self;
};

extern "C" DRIVER_INITIALIZE DriverEntry;

class Filter {
public:
    static DeviceExtension* Ext(PDEVICE_OBJECT d) { return static_cast<DeviceExtension*>(d->DeviceExtension); }
    static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo);
    static NTSTATUS DispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp);
    static VOID Unload(PDRIVER_OBJECT DriverObject);
};

NTSTATUS Filter::AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT filter = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DeviceExtension), nullptr, FILE_DEVICE_DISK,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto ext = Ext(filter);
    ext->Self = filter;
    ext->Lower = IoAttachDeviceToDeviceStack(filter, Pdo);
    if (ext->Lower == nullptr) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    filter->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS Filter::DispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext(DeviceObject)->Lower, Irp);
}

NTSTATUS Filter::DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(Ext(DeviceObject)->Lower, Irp);
}

NTSTATUS Filter::DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID Filter::Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = Filter::DispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = Filter::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = Filter::DispatchPower;
    DriverObject->DriverExtension->AddDevice = Filter::AddDevice;
    DriverObject->DriverUnload = Filter::Unload;
    return STATUS_SUCCESS;
}
