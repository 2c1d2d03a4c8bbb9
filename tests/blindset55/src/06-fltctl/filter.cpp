#include "fltctl.h"

namespace fltctl {

WDFCOLLECTION Filter::s_Devices = nullptr;
WDFWAITLOCK   Filter::s_Lock    = nullptr;

NTSTATUS
Filter::Initialize(
    WDFDRIVER Driver
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;

    status = WdfCollectionCreate(&attributes, &s_Devices);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfWaitLockCreate(&attributes, &s_Lock);
}

NTSTATUS
Filter::OnDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device;
    WDFQUEUE              queue;
    NTSTATUS              status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FilterContext);
    attributes.EvtCleanupCallback = OnCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        FLOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    auto ctx = GetFilterContext(device);
    ctx->Target = WdfDeviceGetIoTarget(device);

    // into the collection right away, so OnCleanup always has something to remove
    WdfWaitLockAcquire(s_Lock, nullptr);
    status = WdfCollectionAdd(s_Devices, device);
    ctx->Index = WdfCollectionGetCount(s_Devices);
    WdfWaitLockRelease(s_Lock);

    if (!NT_SUCCESS(status)) {
        FLOG("WdfCollectionAdd 0x%08X", status);
        return status;
    }

    // only IOCTLs are interesting, the rest goes straight down
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = OnIoctl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        FLOG("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    // a missing control device only costs us the stats, keep filtering anyway
    status = Control::EnsureCreated(device);
    if (!NT_SUCCESS(status)) {
        FLOG("control device unavailable 0x%08X", status);
    }

    FLOG("attached instance #%lu", ctx->Index);
    return STATUS_SUCCESS;
}

VOID
Filter::OnCleanup(
    _In_ WDFOBJECT Object
    )
{
    WDFDEVICE device = static_cast<WDFDEVICE>(Object);
    ULONG     left;

    PAGED_CODE();

    WdfWaitLockAcquire(s_Lock, nullptr);
    WdfCollectionRemove(s_Devices, device);
    left = WdfCollectionGetCount(s_Devices);
    WdfWaitLockRelease(s_Lock);

    FLOG("detached, %lu instance(s) left", left);
}

VOID
Filter::OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDF_REQUEST_SEND_OPTIONS options;
    WDFDEVICE                device = WdfIoQueueGetDevice(Queue);
    bool                     sent;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    sent = WdfRequestSend(Request, GetFilterContext(device)->Target, &options) != FALSE;
    Control::Count(IoControlCode, sent);

    if (!sent) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

} // namespace fltctl
