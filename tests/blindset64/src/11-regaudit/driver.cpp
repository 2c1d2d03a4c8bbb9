//
// regaudit - audits changes under chosen registry prefixes and publishes
// them as ETW events (provider A1D6E0C2-5B3F-4E57-8C21-0F4B9D7E3A15).
//
#include "RegAudit.h"
#include "ScopeExit.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\RegAudit");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\RegAudit");
PDEVICE_OBJECT g_Device   = nullptr;

NTSTATUS Done(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Done(Irp, STATUS_SUCCESS);
}

NTSTATUS OnControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RA_ADD_WATCH:
        if (inLen == 0 || inLen > MAXUSHORT) {
            return Done(Irp, STATUS_INVALID_PARAMETER);
        }
        return Done(Irp, ra::WatchList::Add(static_cast<PCWCH>(Irp->AssociatedIrp.SystemBuffer),
                                            static_cast<USHORT>(inLen)));
    case IOCTL_RA_CLEAR_WATCH:
        ra::WatchList::Clear();
        return Done(Irp, STATUS_SUCCESS);
    default:
        return Done(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void OnUnload(PDRIVER_OBJECT)
{
    RA_TRACE("unload");

    // reverse of DriverEntry: callback out first, it uses everything below
    ra::RegFilter::Stop();
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    ra::WatchList::Destroy();
    ra::Etw::Unregister();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = ra::Etw::Register();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto etwGuard = MakeScopeExit([] { ra::Etw::Unregister(); });

    status = ra::WatchList::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto watchGuard = MakeScopeExit([] { ra::WatchList::Destroy(); });

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        RA_TRACE("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto deviceGuard = MakeScopeExit([] { IoDeleteDevice(g_Device); g_Device = nullptr; });
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        RA_TRACE("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto linkGuard = MakeScopeExit([] { IoDeleteSymbolicLink(&g_LinkName); });

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnControl;

    // last: once this succeeds the callback can run on any thread
    status = ra::RegFilter::Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = OnUnload;

    linkGuard.Dismiss();
    deviceGuard.Dismiss();
    watchGuard.Dismiss();
    etwGuard.Dismiss();

    RA_TRACE("running");
    return STATUS_SUCCESS;
}
