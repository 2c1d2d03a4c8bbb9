// Filter.cpp
#include "Filter.hpp"

namespace flt {

namespace {
WDFDRIVER g_Driver;     // only used to find the driver context from device callbacks
}

NTSTATUS Filter::CreateGlobals(WDFDRIVER driver)
{
    g_Driver = driver;
    auto ctx = Ctx<DriverContext>(driver);

    // both objects hang off the driver object: if anything below fails the
    // framework deletes them together with the WDFDRIVER
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    auto status = WdfCollectionCreate(&attributes, &ctx->Devices);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    return WdfWaitLockCreate(&attributes, &ctx->DevicesLock);
}

void Filter::EvtDriverCleanup(WDFOBJECT driver)
{
    UNREFERENCED_PARAMETER(driver);
    KdPrint(("ioctlspy: driver object going away\n"));
}

NTSTATUS Filter::EvtDeviceAdd(WDFDRIVER driver, PWDFDEVICE_INIT deviceInit)
{
    PAGED_CODE();

    WdfFdoInitSetFilter(deviceInit);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SPY_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = &Filter::EvtDeviceCleanup;

    WDFDEVICE device;
    auto status = WdfDeviceCreate(&deviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto ctx = Ctx<DeviceContext>(device);
    ctx->Target = WdfDeviceGetIoTarget(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->HistoryLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = &Filter::EvtIoDeviceControl;
    queueConfig.EvtIoDefault = &Filter::EvtIoDefault;

    WDFQUEUE queue;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto drv = Ctx<DriverContext>(driver);
    WdfWaitLockAcquire(drv->DevicesLock, nullptr);
    status = WdfCollectionAdd(drv->Devices, device);
    ctx->InCollection = NT_SUCCESS(status);
    WdfWaitLockRelease(drv->DevicesLock);

    // losing the bookkeeping entry is not worth failing the device stack
    if (!NT_SUCCESS(status)) {
        KdPrint(("ioctlspy: collection add 0x%08X\n", status));
    }
    return STATUS_SUCCESS;
}

void Filter::EvtDeviceCleanup(WDFOBJECT device)
{
    auto drv = Ctx<DriverContext>(g_Driver);
    auto ctx = Ctx<DeviceContext>(device);

    WdfWaitLockAcquire(drv->DevicesLock, nullptr);
    if (ctx->InCollection) {
        WdfCollectionRemove(drv->Devices, device);
        ctx->InCollection = false;
    }
    WdfWaitLockRelease(drv->DevicesLock);

    KdPrint(("ioctlspy: device gone, %ld failed IOCTLs\n", ctx->Failures));
}

void Filter::Remember(DeviceContext* ctx, ULONG code, NTSTATUS status)
{
    WdfSpinLockAcquire(ctx->HistoryLock);
    ctx->History[ctx->Next] = IoctlRecord{ code, status };
    ctx->Next = (ctx->Next + 1) % kHistory;
    WdfSpinLockRelease(ctx->HistoryLock);

    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&ctx->Failures);
    }
}

void Filter::SendAndForget(WDFREQUEST request, WDFIOTARGET target)
{
    WDF_REQUEST_SEND_OPTIONS options;
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(request, target, &options)) {
        WdfRequestComplete(request, WdfRequestGetStatus(request));
    }
}

void Filter::EvtIoDefault(WDFQUEUE queue, WDFREQUEST request)
{
    SendAndForget(request, Ctx<DeviceContext>(WdfIoQueueGetDevice(queue))->Target);
}

void Filter::EvtIoDeviceControl(WDFQUEUE queue, WDFREQUEST request, size_t outputLength,
                                size_t inputLength, ULONG ioControlCode)
{
    UNREFERENCED_PARAMETER(outputLength);
    UNREFERENCED_PARAMETER(inputLength);

    auto ctx = Ctx<DeviceContext>(WdfIoQueueGetDevice(queue));

    WdfRequestFormatRequestUsingCurrentType(request);
    WdfRequestSetCompletionRoutine(
        request,
        [](WDFREQUEST req, WDFIOTARGET, PWDF_REQUEST_COMPLETION_PARAMS params, WDFCONTEXT context) {
            auto devCtx = static_cast<DeviceContext*>(context);
            Remember(devCtx, params->Parameters.Ioctl.IoControlCode, params->IoStatus.Status);
            WdfRequestCompleteWithInformation(req, params->IoStatus.Status, params->IoStatus.Information);
        },
        ctx);

    if (!WdfRequestSend(request, ctx->Target, WDF_NO_SEND_OPTIONS)) {
        auto status = WdfRequestGetStatus(request);
        Remember(ctx, ioControlCode, status);
        WdfRequestComplete(request, status);
    }
}

} // namespace flt
