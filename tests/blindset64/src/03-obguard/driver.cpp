//
// obguard - keeps a list of "protected" PIDs and strips dangerous access
// rights from user-mode handles opened to them.
//
// Requires /INTEGRITYCHECK, otherwise ObRegisterCallbacks fails with
// STATUS_ACCESS_DENIED.
//
#include "ObGuard.h"

namespace obg {
Globals g = {};
}

using namespace obg;

extern "C" DRIVER_INITIALIZE DriverEntry;

static const UNICODE_STRING kDevName  = RTL_CONSTANT_STRING(L"\\Device\\ObGuard");
static const UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\??\\ObGuard");

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const ULONG code  = sp->Parameters.DeviceIoControl.IoControlCode;
    const ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (code) {
    case IOCTL_OBG_PROTECT_PID:
    case IOCTL_OBG_UNPROTECT_PID: {
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        HANDLE pid = ULongToHandle(*static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer));
        status = (code == IOCTL_OBG_PROTECT_PID) ? ProtectPid(g.Ctx, pid)
                                                 : UnprotectPid(g.Ctx, pid);
        DBG_PRINT("%s pid %p -> 0x%08X",
                  code == IOCTL_OBG_PROTECT_PID ? "protect" : "unprotect", pid, status);
        break;
    }

    case IOCTL_OBG_RELOAD: {
        ULONG mask = 0;
        status = LoadConfig(g.RegistryPath, &mask);
        if (NT_SUCCESS(status)) {
            InterlockedExchange(reinterpret_cast<volatile LONG*>(&g.StripMask), static_cast<LONG>(mask));
        }
        break;
    }

    default:
        break;
    }

    return CompleteIrp(Irp, status, 0);
}

static void OnUnload(PDRIVER_OBJECT)
{
    DBG_PRINT("unloading, stripped %ld handle requests", g.Ctx ? g.Ctx->Stripped : 0);

    IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(&kLinkName));

    // Drop the PID table first so the callback sees an empty world while the
    // registration is being torn down.
    if (g.Ctx) {
        ExFreePoolWithTag(g.Ctx, kTag);
        g.Ctx = nullptr;
    }

    if (g.ObHandle) {
        ObUnRegisterCallbacks(g.ObHandle);
        g.ObHandle = nullptr;
    }

    if (g.Device) {
        IoDeleteDevice(g.Device);
        g.Device = nullptr;
    }
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG mask = OBG_DEFAULT_STRIP;

    DBG_PRINT("DriverEntry %wZ", RegistryPath);

    g.RegistryPath = RegistryPath;

    status = LoadConfig(g.RegistryPath, &mask);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g.StripMask = mask;

    status = CreateContext(&g.Ctx);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("CreateContext failed 0x%08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, const_cast<PUNICODE_STRING>(&kDevName),
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateDevice failed 0x%08X", status);
        goto free_ctx;
    }
    g.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(const_cast<PUNICODE_STRING>(&kLinkName),
                                  const_cast<PUNICODE_STRING>(&kDevName));
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("IoCreateSymbolicLink failed 0x%08X", status);
        goto delete_device;
    }

    status = RegisterCallbacks(g.Ctx, &g.ObHandle);
    if (!NT_SUCCESS(status)) {
        goto delete_link;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload                         = OnUnload;

    DBG_PRINT("loaded, strip mask 0x%08X", g.StripMask);
    return STATUS_SUCCESS;

delete_link:
    IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(&kLinkName));
delete_device:
    IoDeleteDevice(g.Device);
    g.Device = nullptr;
free_ctx:
    ExFreePoolWithTag(g.Ctx, kTag);
    g.Ctx = nullptr;
    return status;
}
