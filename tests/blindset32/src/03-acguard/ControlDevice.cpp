#include "Guard.h"

namespace {

WDFDEVICE g_ControlDevice = nullptr;

VOID
EvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    if (IoControlCode == IOCTL_ACG_PROTECT) {
        ULONG* pid = nullptr;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG),
                                               reinterpret_cast<PVOID*>(&pid), nullptr);
        if (NT_SUCCESS(status)) {
            status = g_Protected.Add(ULongToHandle(*pid));
            ACG_LOG("protect pid %lu -> 0x%08X", *pid, status);
        }
    }

    WdfRequestComplete(Request, status);
}

} // namespace

namespace Guard {
namespace ControlDevice {

NTSTATUS
Create(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(name, ACG_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(link, ACG_LINK_NAME);
    WDFDEVICE device = nullptr;
    WDF_IO_QUEUE_CONFIG queueConfig;

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &link);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
        queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
        status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

void
Delete()
{
    if (g_ControlDevice != nullptr) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = nullptr;
    }
}

} // namespace ControlDevice
} // namespace Guard
