//
// tiqueue - "poor man's threat-intelligence feed": process, thread and image
// events buffered in a ring and drained by tiagent.exe over IOCTL_TI_READ.
//
#include "EventQueue.h"

using namespace ti;

static PDEVICE_OBJECT g_DeviceObject;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   TiUnload;
static DRIVER_DISPATCH TiCreateClose;
static DRIVER_DISPATCH TiDeviceControl;

static NTSTATUS TiCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS TiDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto irpSp = IoGetCurrentIrpStackLocation(Irp);
    auto outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TI_READ: {
        ULONG max = outLen / sizeof(TI_EVENT);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ULONG n = EventQueue::Pop(static_cast<TI_EVENT*>(buffer), max);
        info = (ULONG_PTR)n * sizeof(TI_EVENT);
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_TI_STATS:
        if (outLen < sizeof(TI_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        EventQueue::Stats(static_cast<TI_STATS*>(buffer));
        info = sizeof(TI_STATS);
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void TiUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    UNICODE_STRING link = RTL_CONSTANT_STRING(TI_LINK_NAME);

    Sensors::Stop();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = nullptr;

    EventQueue::Destroy();

    TI_INFO("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(TI_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(TI_LINK_NAME);

    NTSTATUS status = EventQueue::Initialize(TI_RING_CAPACITY);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        TI_ERR("IoCreateDevice: %08X", status);
        return status;
    }
    g_DeviceObject->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        TI_ERR("IoCreateSymbolicLink: %08X", status);
        IoDeleteDevice(g_DeviceObject);
        EventQueue::Destroy();
        return status;
    }

    DriverObject->DriverUnload = TiUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TiCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TiCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TiDeviceControl;

    status = Sensors::Start();
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_DeviceObject);
        EventQueue::Destroy();
        return status;
    }

    EventQueue::StartHeartbeat(TI_HEARTBEAT_MS);

    g_DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    TI_INFO("up");
    return STATUS_SUCCESS;
}
