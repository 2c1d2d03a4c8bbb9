//
// procshield - keeps other processes from opening protected processes with
// rights that allow reading/writing memory, injecting threads or killing them.
//
#include "Shield.h"

using namespace ps;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   PshUnload;
static DRIVER_DISPATCH PshCreateClose;
static DRIVER_DISPATCH PshDeviceControl;

static void PshUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // reverse of DriverEntry: callbacks first, then the things they use
    Shield::UnregisterObCallbacks();
    PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                       reinterpret_cast<PVOID>(Shield::OnProcessNotify), TRUE);

    UNICODE_STRING link = RTL_CONSTANT_STRING(PS_LINK_NAME);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_State.Device);
    g_State.Device = nullptr;

    g_State.Lock.Delete();
    PS_DBG("unloaded, %ld requests trimmed", g_State.Denied);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(PS_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(PS_LINK_NAME);

    NTSTATUS status = g_State.Lock.Init();
    if (!NT_SUCCESS(status)) {
        PS_ERR("ExInitializeResourceLite 0x%08X", status);
        return status;
    }
    auto undoLock = MakeScopeExit([] { g_State.Lock.Delete(); });

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
    if (!NT_SUCCESS(status)) {
        PS_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }
    auto undoDevice = MakeScopeExit([] {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    });

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        PS_ERR("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    auto undoLink = MakeScopeExit([&link] { IoDeleteSymbolicLink(&link); });

    status = PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                                reinterpret_cast<PVOID>(Shield::OnProcessNotify), FALSE);
    if (!NT_SUCCESS(status)) {
        PS_ERR("PsSetCreateProcessNotifyRoutineEx2 0x%08X", status);
        return status;
    }
    auto undoNotify = MakeScopeExit([] {
        PsSetCreateProcessNotifyRoutineEx2(PsCreateProcessNotifySubsystems,
                                           reinterpret_cast<PVOID>(Shield::OnProcessNotify), TRUE);
    });

    status = Shield::RegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        PS_ERR("ObRegisterCallbacks 0x%08X", status);
        return status;      // scope guards unwind notify, link, device, lock
    }

    undoNotify.Dismiss();
    undoLink.Dismiss();
    undoDevice.Dismiss();
    undoLock.Dismiss();

    DriverObject->DriverUnload                         = PshUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PshCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PshCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PshDeviceControl;

    g_State.Device->Flags |= DO_BUFFERED_IO;
    g_State.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    PS_DBG("loaded");
    return STATUS_SUCCESS;
}

static NTSTATUS PshCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS PshDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto& p = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (p.IoControlCode) {
    case IOCTL_PS_PROTECT:
    case IOCTL_PS_UNPROTECT: {
        if (p.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        HANDLE pid = ULongToHandle(*static_cast<PULONG>(buffer));
        if (p.IoControlCode == IOCTL_PS_UNPROTECT) {
            status = Shield::Remove(pid);
            break;
        }
        // only accept pids that are alive right now
        PEPROCESS process;
        status = PsLookupProcessByProcessId(pid, &process);
        if (NT_SUCCESS(status)) {
            ObDereferenceObject(process);
            status = Shield::Add(pid);
        }
        break;
    }

    case IOCTL_PS_DENIED:
        if (p.OutputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<PLONG>(buffer) = g_State.Denied;
        info = sizeof(LONG);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
