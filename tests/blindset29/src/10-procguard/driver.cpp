// procguard - process / handle / registry policy enforcement.
// Every DriverEntry step that succeeds is recorded in g_State so a single
// Teardown() undoes exactly what was done, on failure and at unload alike.

#include "KUtil.h"
#include "Policy.h"
#include "Monitor.h"

#define PG_DEVICE_NAME  L"\\Device\\ProcGuard"
#define PG_LINK_NAME    L"\\??\\ProcGuard"

#define IOCTL_PG_SET_AGENT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_DENY_IMAGE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB02, METHOD_BUFFERED, FILE_WRITE_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PgUnload;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH PgCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) static DRIVER_DISPATCH PgDeviceControl;

namespace {

struct DriverState {
    bool           PolicyReady;
    PDEVICE_OBJECT Device;
    bool           LinkCreated;
    bool           MonitorStarted;
};

DriverState g_State;

void Teardown()
{
    // reverse order of construction
    if (g_State.MonitorStarted) {
        Monitor::Stop();
        g_State.MonitorStarted = false;
    }
    if (g_State.LinkCreated) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(PG_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        g_State.LinkCreated = false;
    }
    if (g_State.Device != nullptr) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = nullptr;
    }
    if (g_State.PolicyReady) {
        g_Policy.Destroy();
        g_State.PolicyReady = false;
    }
}

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

static NTSTATUS PgCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS);
}

static NTSTATUS PgDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    const auto& dic = sp->Parameters.DeviceIoControl;
    PVOID buffer = irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    kutil::RundownGuard guard(g_Policy.Rundown());
    if (!guard.Acquired()) {
        return Complete(irp, STATUS_DELETE_PENDING);
    }

    switch (dic.IoControlCode) {
    case IOCTL_PG_SET_AGENT:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        g_Policy.SetAgentPid(ULongToHandle(*static_cast<ULONG*>(buffer)));
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PG_DENY_IMAGE:
        if (dic.InputBufferLength < sizeof(WCHAR) || dic.InputBufferLength % sizeof(WCHAR) != 0 ||
            dic.InputBufferLength > Policy::MaxNameChars * sizeof(WCHAR)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = g_Policy.AddDeniedImage(static_cast<PCWCH>(buffer),
                                         static_cast<USHORT>(dic.InputBufferLength / sizeof(WCHAR)));
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    return Complete(irp, status, info);
}

static void PgUnload(PDRIVER_OBJECT)
{
    Teardown();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PG_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PG_LINK_NAME);
    NTSTATUS status;

    RtlZeroMemory(&g_State, sizeof(g_State));

    // 1. state used by every callback
    status = g_Policy.Initialize(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_State.PolicyReady = true;

    // 2. control device
    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
    if (!NT_SUCCESS(status)) {
        g_State.Device = nullptr;
        Teardown();
        return status;
    }
    g_State.Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }
    g_State.LinkCreated = true;

    // 3. callbacks last: they may fire before Start() even returns
    status = Monitor::Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        Teardown();
        return status;
    }
    g_State.MonitorStarted = true;

    DriverObject->DriverUnload = PgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PgDeviceControl;
    return STATUS_SUCCESS;
}
