//
// driver.cpp
//
// DriverEntry, unload and the control device for ProcTrace.
//

#include "proctrace.h"

namespace {

PDEVICE_OBJECT  g_Device;
UNICODE_STRING  g_LinkName = RTL_CONSTANT_STRING(PT_LINK_NAME);

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // anonymous namespace

extern "C" {
DRIVER_INITIALIZE   DriverEntry;
}

static DRIVER_UNLOAD   PtUnload;
static DRIVER_DISPATCH PtCreateClose;
static DRIVER_DISPATCH PtDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

static
NTSTATUS
PtCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

static
NTSTATUS
PtDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_PT_READ_EVENTS: {
        ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
        ULONG max = outLen / sizeof(pt::EventRecord);

        if (max == 0) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }

        auto out = static_cast<pt::EventRecord *>(Irp->AssociatedIrp.SystemBuffer);
        ULONG got = pt::Tracker::Drain(out, max);
        return CompleteIrp(Irp, STATUS_SUCCESS, got * sizeof(pt::EventRecord));
    }

    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

//
// Unload: stop the callbacks first so nothing is pushed while the queue
// is being torn down, then remove the device.
//
static
VOID
PtUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PT_LOG("unloading");

    pt::Tracker::UnregisterCallbacks();
    pt::Tracker::Shutdown();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING  devName = RTL_CONSTANT_STRING(PT_DEVICE_NAME);
    bool            linkCreated = false;
    bool            callbacksOn = false;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(RegistryPath);

    PT_LOG("DriverEntry");

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        PT_LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    do {
        status = IoCreateSymbolicLink(&g_LinkName, &devName);
        if (!NT_SUCCESS(status)) {
            PT_LOG("IoCreateSymbolicLink failed 0x%08X", status);
            break;
        }
        linkCreated = true;

        status = pt::Tracker::RegisterCallbacks();
        if (!NT_SUCCESS(status)) {
            break;
        }
        callbacksOn = true;

        status = pt::Tracker::Initialize();
        if (!NT_SUCCESS(status)) {
            PT_LOG("tracker init failed 0x%08X", status);
            break;
        }

    } while (false);

    if (!NT_SUCCESS(status)) {
        if (callbacksOn) {
            pt::Tracker::UnregisterCallbacks();
        }
        if (linkCreated) {
            IoDeleteSymbolicLink(&g_LinkName);
        }
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PtDeviceControl;
    DriverObject->DriverUnload = PtUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    PT_LOG("running");
    return STATUS_SUCCESS;
}
