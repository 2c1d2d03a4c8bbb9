//
// driver.cpp - DriverEntry, AddDevice, Unload, pass-through
//
#include "devspy.h"

namespace devspy {

Settings g_Settings = { 0 };

static void ReadSettings(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[3] = {};
    ULONG verbose = 0;

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = const_cast<PWSTR>(L"Parameters");

    table[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name         = const_cast<PWSTR>(L"Verbose");
    table[1].EntryContext = &verbose;
    table[1].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    // only used during DriverEntry, the path is valid here
    if (NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                          RegistryPath->Buffer, table, nullptr, nullptr))) {
        g_Settings.Verbose = verbose;
    }
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fido = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DeviceExtension), nullptr,
                                     FILE_DEVICE_UNKNOWN, 0, FALSE, &fido);
    if (!NT_SUCCESS(status)) {
        SPY_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }

    auto ext = Ext(fido);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo  = Pdo;
    IoInitializeRemoveLock(&ext->RemoveLock, kPoolTag, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (ext->Lower == nullptr) {
        SPY_LOG("attach to %p failed", Pdo);
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    // look exactly like the device below us
    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE | DO_POWER_INRUSH);

    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    SPY_LOG("watching PDO %p (lower %p)", Pdo, ext->Lower);
    return STATUS_SUCCESS;
}

void Unload(PDRIVER_OBJECT DriverObject)
{
    // PnP removed every filter device before unloading us
    NT_ASSERT(DriverObject->DeviceObject == nullptr);
    UNREFERENCED_PARAMETER(DriverObject);
    SPY_LOG("unload");
}

NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    const UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    if (major <= IRP_MJ_MAXIMUM_FUNCTION) {
        InterlockedIncrement(&ext->IrpCount[major]);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);

    PoStartNextPowerIrp(Irp);

    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    InterlockedIncrement(&ext->IrpCount[IRP_MJ_POWER]);

    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

} // namespace devspy

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    devspy::ReadSettings(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = devspy::DispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]   = devspy::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = devspy::DispatchPower;

    DriverObject->DriverExtension->AddDevice = devspy::AddDevice;
    DriverObject->DriverUnload               = devspy::Unload;

    SPY_LOG("loaded");
    return STATUS_SUCCESS;
}
