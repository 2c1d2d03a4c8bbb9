//
// pmon - process / image load monitor
//
#include "EventQueue.h"

using namespace pmon;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   PmonUnload;
static DRIVER_DISPATCH PmonCreateClose;
static DRIVER_DISPATCH PmonDeviceControl;

static NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName  = RTL_CONSTANT_STRING(PMON_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PMON_SYMLINK_NAME);
    PDEVICE_OBJECT device = nullptr;
    bool procNotify = false;
    bool linkCreated = false;
    bool queueReady = false;
    NTSTATUS status;

    do {
        // hook process creation first so nothing started during setup is missed
        status = PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, FALSE);
        if (!NT_SUCCESS(status)) {
            LOG("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
            break;
        }
        procNotify = true;

        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &device);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateDevice failed 0x%08X", status);
            break;
        }
        device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&linkName, &devName);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateSymbolicLink failed 0x%08X", status);
            break;
        }
        linkCreated = true;

        EventQueue::Initialize();
        queueReady = true;

        status = PsSetLoadImageNotifyRoutine(OnImageLoad);
        if (!NT_SUCCESS(status)) {
            LOG("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (procNotify)
            PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);
        if (queueReady)
            EventQueue::Flush();
        if (linkCreated)
            IoDeleteSymbolicLink(&linkName);
        if (device)
            IoDeleteDevice(device);
        return status;
    }

    DriverObject->DriverUnload = PmonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmonDeviceControl;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("loaded");
    return STATUS_SUCCESS;
}

void PmonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PsSetCreateProcessNotifyRoutineEx(OnProcessNotify, TRUE);

    EventQueue::Flush();

    UNICODE_STRING linkName = RTL_CONSTANT_STRING(PMON_SYMLINK_NAME);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    LOG("unloaded");
}

NTSTATUS PmonCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    return CompleteIrp(Irp);
}

NTSTATUS PmonDeviceControl(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_PMON_READ_EVENTS:
        if (dic.OutputBufferLength < sizeof(EventRecord)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = EventQueue::PopInto(static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer),
                                   dic.OutputBufferLength);
        break;

    case IOCTL_PMON_GET_COUNT:
        if (dic.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer) = EventQueue::Count();
        info = sizeof(ULONG);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    return CompleteIrp(Irp, status, info);
}
