// driver.cpp -- DriverEntry, AddDevice, I/O paths
#include <initguid.h>
#include "kbdupper.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KuUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace ku {

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fido = nullptr;
    NTSTATUS       status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(Extension), nullptr,
                            FILE_DEVICE_KEYBOARD, FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    if (!NT_SUCCESS(status)) {
        KU_ERROR("IoCreateDevice 0x%08X", status);
        return status;
    }

    auto ext = Ext(fido);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo  = Pdo;
    IoInitializeRemoveLock(&ext->RemoveLock, KU_REMLOCK_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (ext->Lower == nullptr) {
        KU_ERROR("IoAttachDeviceToDeviceStack returned NULL");
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    status = IoRegisterDeviceInterface(Pdo, &GUID_DEVINTERFACE_KBDUPPER, nullptr, &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        KU_ERROR("IoRegisterDeviceInterface 0x%08X", status);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(fido);
        return status;
    }

    fido->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fido->DeviceType      = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    KU_TRACE("fido %p on %p, interface %wZ", fido, ext->Lower, &ext->InterfaceName);
    return STATUS_SUCCESS;
}

NTSTATUS DispatchPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static IO_COMPLETION_ROUTINE ReadDone;

static NTSTATUS ReadDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto ext = static_cast<Extension*>(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        auto  data = static_cast<PKEYBOARD_INPUT_DATA>(Irp->AssociatedIrp.SystemBuffer);
        ULONG n    = static_cast<ULONG>(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (ULONG i = 0; i < n; i++) {
            InterlockedIncrement((data[i].Flags & KEY_BREAK) ? &ext->Breaks : &ext->Makes);
        }
        InterlockedIncrement(&ext->Reads);
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS DispatchRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadDone, ext, TRUE, TRUE, TRUE);
    guard.Dismiss();                    // ReadDone releases
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto sp  = IoGetCurrentIrpStackLocation(Irp);

    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_KBDUPPER_QUERY) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KU_QUERY_OUT)) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }

    auto out = static_cast<KU_QUERY_OUT*>(Irp->AssociatedIrp.SystemBuffer);
    out->MakeCount      = static_cast<ULONG>(ext->Makes);
    out->BreakCount     = static_cast<ULONG>(ext->Breaks);
    out->ReadsCompleted = static_cast<ULONG>(ext->Reads);
    return Complete(Irp, STATUS_SUCCESS, sizeof(KU_QUERY_OUT));
}

} // namespace ku

static VOID KuUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
    // every fido was deleted in IRP_MN_REMOVE_DEVICE
    NT_ASSERT(DriverObject->DeviceObject == nullptr);
    KU_TRACE("bye");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = ku::DispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]           = ku::DispatchRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ku::DispatchIoctl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = ku::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = ku::DispatchPower;

    DriverObject->DriverExtension->AddDevice = ku::AddDevice;
    DriverObject->DriverUnload               = KuUnload;

    KU_TRACE("loaded");
    return STATUS_SUCCESS;
}
