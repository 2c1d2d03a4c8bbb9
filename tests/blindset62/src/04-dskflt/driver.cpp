//
// driver.cpp - entry point, AddDevice and plain dispatch of dskflt
//
#include "dskflt.h"

using namespace dskflt;

extern "C" DRIVER_INITIALIZE DriverEntry;

volatile LONG Filter::s_DeviceCount = 0;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DFLOG("loading, built " __DATE__);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
        DriverObject->MajorFunction[i] = Filter::DispatchAny;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]  = Filter::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = Filter::DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = Filter::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = Filter::DispatchPower;

    DriverObject->DriverExtension->AddDevice = Filter::AddDevice;
    DriverObject->DriverUnload = Filter::Unload;

    return STATUS_SUCCESS;
}

NTSTATUS
Filter::AddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT Pdo
    )
{
    PDEVICE_OBJECT fido = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject,
                                     sizeof(FILTER_EXTENSION),
                                     nullptr,
                                     FILE_DEVICE_DISK,
                                     FILE_DEVICE_SECURE_OPEN,
                                     FALSE,
                                     &fido);
    if (!NT_SUCCESS(status)) {
        DFLOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    auto ext = Ext(fido);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo  = Pdo;
    IoInitializeRemoveLock(&ext->RemoveLock, DSKFLT_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (ext->Lower == nullptr) {
        DFLOG("could not attach to %p", Pdo);
        IoDeleteDevice(fido);
        return status;
    }

    //
    // Look like the device below us, disk.sys and partmgr care about it.
    //
    fido->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;

    InterlockedIncrement(&s_DeviceCount);
    DFLOG("attached %p over %p (lower %p)", fido, Pdo, ext->Lower);
    return STATUS_SUCCESS;
}

NTSTATUS
Filter::PassDown(
    FILTER_EXTENSION* ext,
    PIRP Irp
    )
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Filter::DispatchAny(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(guard.Status())) {
        Irp->IoStatus.Status = guard.Status();
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return guard.Status();
    }

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        InterlockedIncrement(&ext->Ioctls);
    }

    return PassDown(ext, Irp);
}

NTSTATUS
Filter::DispatchReadWrite(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(guard.Status())) {
        Irp->IoStatus.Status = guard.Status();
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return guard.Status();
    }

    if (stack->MajorFunction == IRP_MJ_READ) {
        InterlockedAdd64(&ext->ReadBytes, stack->Parameters.Read.Length);
    } else {
        InterlockedAdd64(&ext->WriteBytes, stack->Parameters.Write.Length);
    }

    return PassDown(ext, Irp);
}

VOID
Filter::Unload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    DFLOG("unload, %ld devices still around", s_DeviceCount);
}
