//
// ThreadGuard - keeps other processes from terminating / suspending the
// processes (and their threads) that the control app registers.
//
#include "guard.h"

using tg::Guard;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   TgUnload;
static DRIVER_DISPATCH TgCreateClose;
static DRIVER_DISPATCH TgDeviceControl;

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(TG_DEVICE);
static UNICODE_STRING g_Link    = RTL_CONSTANT_STRING(TG_LINK);

constexpr ULONG kMaxProtected = 128;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status;

    if (!Guard::Init(kMaxProtected)) {
        TGPRINT("Guard::Init failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto undoInit = MakeScopeExit([] { Guard::Cleanup(); });

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        TGPRINT("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto undoDevice = MakeScopeExit([&device] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&g_Link, &g_DevName);
    if (!NT_SUCCESS(status)) {
        TGPRINT("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto undoLink = MakeScopeExit([] { IoDeleteSymbolicLink(&g_Link); });

    status = PsSetCreateProcessNotifyRoutineEx(Guard::OnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        TGPRINT("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        return status;
    }
    auto undoNotify = MakeScopeExit([] {
        PsSetCreateProcessNotifyRoutineEx(Guard::OnProcessNotify, TRUE);
    });

    status = Guard::RegisterCallbacks();
    if (!NT_SUCCESS(status)) {
        TGPRINT("ObRegisterCallbacks 0x%08X", status);
        return status;
    }

    DriverObject->DriverUnload = TgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TgDeviceControl;

    // everything is in place, keep it
    undoNotify.Dismiss();
    undoLink.Dismiss();
    undoDevice.Dismiss();
    undoInit.Dismiss();

    TGPRINT("loaded");
    return STATUS_SUCCESS;
}

static void TgUnload(PDRIVER_OBJECT DriverObject)
{
    // reverse of DriverEntry
    Guard::UnregisterCallbacks();
    PsSetCreateProcessNotifyRoutineEx(Guard::OnProcessNotify, TRUE);

    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(DriverObject->DeviceObject);

    Guard::Cleanup();
    TGPRINT("unloaded");
}

static NTSTATUS TgCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS TgDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto code = sp->Parameters.DeviceIoControl.IoControlCode;
    auto len = sp->Parameters.DeviceIoControl.InputBufferLength;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    if (code == IOCTL_TG_ADD || code == IOCTL_TG_REMOVE) {
        if (len < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            ULONG pid = *static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer);
            if (pid <= 4) {
                status = STATUS_INVALID_PARAMETER;
            } else if (code == IOCTL_TG_ADD) {
                status = Guard::Add(pid);
            } else {
                Guard::Remove(pid);
                status = STATUS_SUCCESS;
            }
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
