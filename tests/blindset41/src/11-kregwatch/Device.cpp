#include "kregwatch.h"

namespace {

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnDeviceControl;

void OnDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                     size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_KRW_READ) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    if (OutputBufferLength < sizeof(KRW_EVENT)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    KRW_EVENT* out = nullptr;
    size_t length = 0;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(KRW_EVENT), reinterpret_cast<PVOID*>(&out), &length);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    const ULONG n = krw::g.Ring->Pop(out, static_cast<ULONG>(length / sizeof(KRW_EVENT)));
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, n * sizeof(KRW_EVENT));
}

} // namespace

NTSTATUS krw::CreateControlDevice(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(ntName, KRW_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KRW_DOS_NAME);

    DeviceInit init(WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R));
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(init.get(), WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(init.get(), FALSE);
    RETURN_IF_NT_FAILED(WdfDeviceInitAssignName(init.get(), &ntName));

    WDFDEVICE device = nullptr;
    // on success WdfDeviceCreate NULLs the init pointer, so the holder does nothing
    RETURN_IF_NT_FAILED(WdfDeviceCreate(init.addressof(), WDF_NO_OBJECT_ATTRIBUTES, &device));

    auto fail = [device](NTSTATUS status) {
        WdfObjectDelete(device);
        return status;
    };

    if (auto status = WdfDeviceCreateSymbolicLink(device, &dosName); !NT_SUCCESS(status)) {
        KrwError("WdfDeviceCreateSymbolicLink 0x%08X", status);
        return fail(status);
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = OnDeviceControl;

    if (auto status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
        !NT_SUCCESS(status)) {
        KrwError("WdfIoQueueCreate 0x%08X", status);
        return fail(status);
    }

    WdfControlFinishInitializing(device);
    g.ControlDevice = device;
    return STATUS_SUCCESS;
}
