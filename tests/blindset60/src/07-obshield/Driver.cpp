//
// Driver.cpp - ObShield
//
// ObRegisterCallbacks demo: strips terminate / VM rights from every handle
// opened to the protected process (default: game.exe, or a PID set via
// ShieldCtl). Needs /INTEGRITYCHECK and a signed (test-signed) image.
//
#include "Shield.h"

ShieldState g_State;

namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS ShieldCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

NTSTATUS ShieldDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& p = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (p.IoControlCode) {
    case IOCTL_SHIELD_PROTECT_PID:
        if (p.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = shield::SetTarget(*static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer));
        break;

    case IOCTL_SHIELD_UNPROTECT:
        shield::ClearTarget();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_SHIELD_QUERY:
        if (p.OutputBufferLength < sizeof(ShieldStatus)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        {
            auto out = static_cast<ShieldStatus*>(irp->AssociatedIrp.SystemBuffer);
            out->ProtectedPid    = static_cast<ULONG>(g_State.TargetPid);
            out->StrippedHandles = static_cast<ULONG>(g_State.Stripped);
        }
        info = sizeof(ShieldStatus);
        status = STATUS_SUCCESS;
        break;
    }
    return CompleteIrp(irp, status, info);
}

//
// Undo everything; safe to call with any subset initialized.
// Shared by unload and the DriverEntry failure path.
//
NTSTATUS ShieldTeardown()
{
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(SHIELD_SYMLINK);

    shield::UnregisterObCallbacks();
    shield::ClearTarget();

    if (g_State.SymLinkCreated) {
        IoDeleteSymbolicLink(&symLink);
        g_State.SymLinkCreated = false;
    }
    if (g_State.Device != nullptr) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    }
    return STATUS_SUCCESS;
}

void ShieldUnload(PDRIVER_OBJECT)
{
    LOG("unloading, stripped %d handles total", g_State.Stripped);
    ShieldTeardown();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SHIELD_DEVICE);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(SHIELD_SYMLINK);

    LOG("DriverEntry");
    g_State.Init();

    DriverObject->DriverUnload = ShieldUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = ShieldCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ShieldDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
    CHECK(status, "IoCreateDevice");
    g_State.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&symLink, &devName);
    CHECK(status, "IoCreateSymbolicLink");
    g_State.SymLinkCreated = true;

    // if the game is already running when we load, protect it right away
    g_State.Target = shield::FindProcessByName(SHIELD_TARGET);
    if (g_State.Target != nullptr) {
        g_State.TargetPid = HandleToLong(PsGetProcessId(g_State.Target));
        LOG("found %s already running, pid %d", SHIELD_TARGET, g_State.TargetPid);
    }

    status = shield::RegisterObCallbacks();
    CHECK(status, "ObRegisterCallbacks");

    LOG("loaded, altitude %ws", SHIELD_ALTITUDE);
    return STATUS_SUCCESS;

fail:
    LOG("init failed (0x%08X), rolling back", status);
    return ShieldTeardown();
}
