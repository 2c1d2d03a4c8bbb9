//
// control.cpp - the \Device\KbdTap sideband control device.
//
#include "kbdtap.h"

namespace kbdtap {

WDFDEVICE ControlDevice::s_Device = nullptr;

NTSTATUS
ControlDevice::Create(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName, KBDTAP_NTNAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KBDTAP_DOSNAME);

    PAGED_CODE();

    //
    // Admins and SYSTEM only.
    //
    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // RAII-ish: free the init block on every early exit.
    auto freeInit = [&init]() {
        if (init != nullptr) {
            WdfDeviceInitFree(init);
            init = nullptr;
        }
    };

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NTSTATUS status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        freeInit();
        return status;
    }

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        freeInit();         // init is still ours when create fails
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    s_Device = device;
    TAPLOG("control device %p up", device);
    return STATUS_SUCCESS;
}

void
ControlDevice::Destroy()
{
    if (s_Device != nullptr) {
        TAPLOG("deleting control device %p", s_Device);
        WdfObjectDelete(s_Device);
        s_Device = nullptr;
    }
}

VOID
ControlDevice::EvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (IoControlCode) {
    case IOCTL_KBDTAP_GET_COUNT: {
        PLONG out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = Globals::KeyCount;
            info = sizeof(LONG);
        }
        break;
    }
    case IOCTL_KBDTAP_RESET:
        InterlockedExchange(&Globals::KeyCount, 0);
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace kbdtap
