// ProcGuard driver entry / unload / IOCTLs
#include "guard.h"

namespace {

UNICODE_STRING kDeviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcGuard");
UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\??\\ProcGuard");

template <typename F>
struct Guard {
    F fn;
    bool active;
    ~Guard()
    {
        if (active) {
            fn();
        }
    }
    void dismiss() { active = false; }
};

template <typename F>
Guard<F> make_guard(F fn)
{
    return Guard<F>{ fn, true };
}

NTSTATUS CompleteRequest(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteRequest(irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    const auto& p = stack->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;

    switch (p.IoControlCode) {
    case pg::kIoctlProtectPid:
        if (p.InputBufferLength < sizeof(ULONG)) {
            return CompleteRequest(irp, STATUS_BUFFER_TOO_SMALL);
        }
        return CompleteRequest(irp, pg::Protector::ProtectPid(*static_cast<ULONG*>(buffer)));

    case pg::kIoctlBlockImage:
        return CompleteRequest(irp, pg::Protector::BlockImage(static_cast<PCWSTR>(buffer),
                                                              static_cast<USHORT>(p.InputBufferLength / sizeof(WCHAR))));

    case pg::kIoctlReset:
        pg::Protector::Reset();
        return CompleteRequest(irp, STATUS_SUCCESS);

    default:
        return CompleteRequest(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    PsSetCreateProcessNotifyRoutineEx(pg::Protector::OnProcessNotify, TRUE);
    pg::Protector::UnregisterObCallbacks();
    IoDeleteDevice(DriverObject->DeviceObject);
    PG_LOG("unloaded");
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    pg::Protector::InitState();

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &kDeviceName, pg::kDeviceType,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        PG_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto deviceGuard = make_guard([device] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&kLinkName, &kDeviceName);
    if (!NT_SUCCESS(status)) {
        PG_LOG("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto linkGuard = make_guard([] { IoDeleteSymbolicLink(&kLinkName); });

    status = pg::Protector::RegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        PG_LOG("ObRegisterCallbacks 0x%08X", status);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(pg::Protector::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PG_LOG("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;

    linkGuard.dismiss();
    deviceGuard.dismiss();
    PG_LOG("loaded");
    return STATUS_SUCCESS;
}
