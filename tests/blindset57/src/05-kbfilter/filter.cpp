//
// filter.cpp - per device setup and the forwarding paths
//
#include "kbfilter.h"

namespace kbf {

NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FilterContext);
    attributes.EvtCleanupCallback = EvtDeviceCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KBF_ERROR("WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(DeviceInit);
        return status;
    }

    auto ctx    = FilterGetContext(device);
    ctx->Device = device;
    ctx->Target = WdfDeviceGetIoTarget(device);

    WDF_OBJECT_ATTRIBUTES lockAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttributes);
    lockAttributes.ParentObject = device;
    WdfSpinLockCreate(&lockAttributes, &ctx->StatsLock);

    // Parallel default queue: we only look at reads and internal IOCTLs,
    // everything else is passed down by the framework untouched.
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = EvtInternalDeviceControl;
    queueConfig.EvtIoRead                  = EvtRead;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KBF_ERROR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    {
        WaitGuard lock(g.DevicesLock);
        if (WdfCollectionGetCount(g.Devices) < KBF_MAX_DEVS) {
            status = WdfCollectionAdd(g.Devices, device);
            ctx->Listed = NT_SUCCESS(status);
        }
    }

    KBF_TRACE("attached %p (listed=%u)", device, ctx->Listed);
    return STATUS_SUCCESS;
}

void EvtDeviceCleanup(WDFOBJECT Object)
{
    auto ctx = FilterGetContext(Object);

    KBF_TRACE("device %p gone: reads=%I64u bytes=%I64u ioctls=%I64u",
              Object, ctx->Reads, ctx->BytesRead, ctx->InternalIoctls);

    if (ctx->Listed) {
        WaitGuard lock(g.DevicesLock);
        WdfCollectionRemove(g.Devices, Object);
        ctx->Listed = FALSE;
    }
}

void EvtInternalDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                              size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    auto ctx = FilterGetContext(WdfIoQueueGetDevice(Queue));
    {
        SpinGuard lock(ctx->StatsLock);
        ctx->InternalIoctls++;
    }

    WDF_REQUEST_SEND_OPTIONS options;
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, ctx->Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        KBF_ERROR("WdfRequestSend (ioctl %08X) 0x%08X", IoControlCode, status);
        WdfRequestComplete(Request, status);
    }
}

void EvtRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    UNREFERENCED_PARAMETER(Length);

    auto ctx = FilterGetContext(WdfIoQueueGetDevice(Queue));

    WdfRequestFormatRequestUsingCurrentType(Request);
    WdfRequestSetCompletionRoutine(Request, OnReadComplete, ctx);

    if (!WdfRequestSend(Request, ctx->Target, WDF_NO_SEND_OPTIONS)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        KBF_ERROR("WdfRequestSend (read) 0x%08X", status);
        WdfRequestComplete(Request, status);
    }
}

void OnReadComplete(WDFREQUEST Request, WDFIOTARGET Target, PWDF_REQUEST_COMPLETION_PARAMS Params,
                    WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Target);

    auto ctx = static_cast<FilterContext*>(Context);
    if (NT_SUCCESS(Params->IoStatus.Status)) {
        SpinGuard lock(ctx->StatsLock);
        ctx->Reads++;
        ctx->BytesRead += Params->IoStatus.Information;
    }

    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, Params->IoStatus.Information);
}

} // namespace kbf
