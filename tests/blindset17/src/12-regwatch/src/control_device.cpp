//
// control_device.cpp - \Device\RegWatch, a non-PnP control device.
//
#include "regwatch.h"

namespace rw {
namespace ControlDevice {

namespace {

WDFDEVICE g_Device = nullptr;

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

void EvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer = nullptr;

    switch (IoControlCode) {
    case IOCTL_RW_READ_EVENTS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(EventRecord), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            ULONG max = static_cast<ULONG>(OutputBufferLength / sizeof(EventRecord));
            ULONG n = g_Ring.Drain(static_cast<EventRecord*>(buffer), max);
            info = n * sizeof(EventRecord);
        }
        break;

    case IOCTL_RW_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(Counters), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            *static_cast<Counters*>(buffer) = g_Ring.Snapshot();
            info = sizeof(Counters);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace

NTSTATUS Create(WDFDRIVER driver)
{
    DECLARE_CONST_UNICODE_STRING(deviceName, RW_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, RW_SYMLINK_NAME);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto initGuard = kutil::scope_exit([&init] {
        if (init != nullptr) {
            WdfDeviceInitFree(init);
        }
    });

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);
    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_UNKNOWN);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

    NTSTATUS status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.SynchronizationScope = WdfSynchronizationScopeNone;

    initGuard.release();

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto deviceGuard = kutil::scope_exit([device] { WdfObjectDelete(device); });

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    WDFQUEUE queue;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deviceGuard.release();
    g_Device = device;
    return STATUS_SUCCESS;
}

void FinishInitializing()
{
    if (g_Device != nullptr) {
        WdfControlFinishInitializing(g_Device);
    }
}

void Delete()
{
    if (g_Device != nullptr) {
        WdfObjectDelete(g_Device);
        g_Device = nullptr;
    }
}

} // namespace ControlDevice
} // namespace rw
