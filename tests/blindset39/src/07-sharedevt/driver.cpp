//
// sharedevt.sys - signals a user-mode event every time a process starts.
// The client registers an event handle, waits on it, then reads the records.
//
#include "Notifier.h"

using namespace shevt;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   ShevtUnload;
static DRIVER_DISPATCH ShevtCreateClose;
static DRIVER_DISPATCH ShevtIoctl;

static UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(SHEVT_DEVICE);
static UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(SHEVT_LINK);

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status;

    KLOG("loading");

    DriverObject->DriverUnload = ShevtUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ShevtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ShevtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ShevtIoctl;

    EventBridge::Init();
    Notifier::Init();

    status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(device);
        return status;
    }

    if (Notifier::Start() == FALSE) {
        IoDeleteSymbolicLink(&g_LinkName);
        IoDeleteDevice(device);
        return status;
    }

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    KLOG("ready");
    return STATUS_SUCCESS;
}

static void ShevtUnload(PDRIVER_OBJECT DriverObject)
{
    // stop the process callback first, it is the only producer
    Notifier::Stop();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    KLOG("unloaded");
}

static NTSTATUS ShevtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS ShevtIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const auto& p = sp->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    switch (p.IoControlCode) {
    case IOCTL_SHEVT_SET_EVENT:
        if (p.InputBufferLength < sizeof(HANDLE)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = EventBridge::Attach(*static_cast<HANDLE*>(buffer), Irp->RequestorMode);
        break;

    case IOCTL_SHEVT_CLEAR_EVENT:
        EventBridge::Detach();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_SHEVT_READ: {
        ULONG max = p.OutputBufferLength / sizeof(SHEVT_RECORD);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ULONG n = Notifier::Read(static_cast<PSHEVT_RECORD>(buffer), max);
        info = n * sizeof(SHEVT_RECORD);
        status = STATUS_SUCCESS;
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
