//
// ProcGuard - keeps registered processes (and their threads) from being
// terminated, suspended or written to from user mode.
//
#include "guard.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   PgUnload;
static DRIVER_DISPATCH PgCreateClose;
static DRIVER_DISPATCH PgDeviceControl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(PG_DEVICE);
static UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(PG_LINK);
static PDEVICE_OBJECT g_Device     = nullptr;
static GuardState*    g_State      = nullptr;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PgLog("DriverEntry");

    pg::unique_pool<GuardState> state(new (POOL_FLAG_NON_PAGED, PG_TAG) GuardState());
    if (!state) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    PDEVICE_OBJECT device = nullptr;
    RETURN_IF_NT_FAILED(IoCreateDevice(DriverObject,
                                       0,
                                       &g_DeviceName,
                                       FILE_DEVICE_UNKNOWN,
                                       FILE_DEVICE_SECURE_OPEN,
                                       FALSE,
                                       &device));
    pg::scope_exit deviceGuard([device] { IoDeleteDevice(device); });

    RETURN_IF_NT_FAILED(IoCreateSymbolicLink(&g_LinkName, &g_DeviceName));
    pg::scope_exit linkGuard([] { IoDeleteSymbolicLink(&g_LinkName); });

    RETURN_IF_NT_FAILED(ProcessGuard::RegisterCallbacks(state.get()));
    pg::scope_exit callbackGuard([] { ProcessGuard::UnregisterCallbacks(); });

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;
    DriverObject->DriverUnload                         = PgUnload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    // everything is in place: hand ownership over to the globals
    g_Device = device;
    g_State  = state.release();
    callbackGuard.Dismiss();
    linkGuard.Dismiss();
    deviceGuard.Dismiss();

    PgLog("loaded");
    return STATUS_SUCCESS;
}

static void PgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // close the IOCTL door first, then the callbacks, then the state they read
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    ProcessGuard::UnregisterCallbacks();

    delete g_State;
    g_State = nullptr;

    PgLog("unloaded");
}

static NTSTATUS PgComplete(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS PgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return PgComplete(Irp, STATUS_SUCCESS);
}

static NTSTATUS PgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    const auto& dic = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl;

    auto pidFromIrp = [&](HANDLE& pid) -> NTSTATUS {
        if (dic.InputBufferLength < sizeof(ULONG) || Irp->AssociatedIrp.SystemBuffer == nullptr) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        const ULONG raw = *static_cast<const ULONG*>(Irp->AssociatedIrp.SystemBuffer);
        if (raw <= 4) {
            return STATUS_INVALID_PARAMETER;
        }
        pid = ULongToHandle(raw);
        return STATUS_SUCCESS;
    };

    HANDLE pid = nullptr;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (dic.IoControlCode) {
    case IOCTL_PG_PROTECT:
        if (status = pidFromIrp(pid); NT_SUCCESS(status)) {
            status = g_State->Protect(pid) ? STATUS_SUCCESS : STATUS_QUOTA_EXCEEDED;
        }
        break;

    case IOCTL_PG_UNPROTECT:
        if (status = pidFromIrp(pid); NT_SUCCESS(status)) {
            status = g_State->Unprotect(pid) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
        }
        break;

    default:
        break;
    }

    PgLog("ioctl %08X pid %p -> 0x%08X", dic.IoControlCode, pid, status);
    return PgComplete(Irp, status);
}
