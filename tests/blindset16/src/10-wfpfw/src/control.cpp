// control.cpp - \Device\WfpFw control device (callout owner, stats IOCTL).
//
// Copyright (c) wfpfw authors. MIT License.

#include "wfpfw.h"

namespace {

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL FwEvtIoDeviceControl;

void FwEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_WFPFW_GET_STATS || fw::g_State == nullptr) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    LONG64* out = nullptr;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, 2 * sizeof(LONG64),
                                                     reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    out[0] = InterlockedCompareExchange64(&fw::g_State->Counters.Classified, 0, 0);
    out[1] = InterlockedCompareExchange64(&fw::g_State->Counters.Blocked, 0, 0);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 2 * sizeof(LONG64));
}

} // namespace

namespace fw {

NTSTATUS ControlDevice::Create(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // WdfDeviceCreate clears 'init' when it takes ownership.
    auto freeInit = MakeScopeExit([&] {
        if (init != nullptr) {
            WdfDeviceInitFree(init);
        }
    });

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);
    WdfDeviceInitSetExclusive(init, FALSE);

    DECLARE_CONST_UNICODE_STRING(deviceName, FW_DEVICE_NAME);
    NTSTATUS status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDFDEVICE device = nullptr;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto deleteDevice = MakeScopeExit([&] { WdfObjectDelete(device); });

    DECLARE_CONST_UNICODE_STRING(linkName, FW_LINK_NAME);
    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = FwEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    deleteDevice.Dismiss();
    m_device = device;
    return STATUS_SUCCESS;
}

void ControlDevice::Delete()
{
    if (m_device != nullptr) {
        WdfObjectDelete(m_device);
        m_device = nullptr;
    }
}

} // namespace fw
