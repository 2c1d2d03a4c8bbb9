#include "hidflt.h"

static volatile LONG g_LiveFilters = 0;

static VOID
HidFltEvtDeviceCleanup(_In_ WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);

    // PnP driver: the control device must go before the last filter
    // device does, or the driver can never unload
    if (InterlockedDecrement(&g_LiveFilters) == 0 && g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}

static VOID
HidFltForwardRequest(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target)
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        TRACE(DPFLTR_ERROR_LEVEL, "WdfRequestSend failed 0x%x", status);
        WdfRequestComplete(Request, status);
    }
}

VOID
HidFltEvtForward(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request)
{
    PFILTER_CONTEXT ctx = FilterGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    if (params.Type == WdfRequestTypeRead) {
        InterlockedIncrement64(&g_Stats.Reads);
    }
    HidFltForwardRequest(Request, ctx->Target);
}

VOID
HidFltEvtInternalIoctl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    PFILTER_CONTEXT ctx = FilterGetContext(WdfIoQueueGetDevice(Queue));

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    InterlockedIncrement64(&g_Stats.Ioctls);
    HidFltForwardRequest(Request, ctx->Target);
}

NTSTATUS
HidFltEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS status;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PFILTER_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Driver);

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_UNKNOWN);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_CONTEXT);
    attributes.EvtCleanupCallback = HidFltEvtDeviceCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TRACE(DPFLTR_ERROR_LEVEL, "WdfDeviceCreate 0x%x", status);
        return status;
    }
    InterlockedIncrement(&g_LiveFilters);

    ctx = FilterGetContext(device);
    ctx->Device = device;
    ctx->Target = WdfDeviceGetIoTarget(device);
    ctx->Index = (ULONG)InterlockedIncrement64(&g_Stats.Attached);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDefault = HidFltEvtForward;
    queueConfig.EvtIoInternalDeviceControl = HidFltEvtInternalIoctl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TRACE(DPFLTR_ERROR_LEVEL, "WdfIoQueueCreate 0x%x", status);
        return status;
    }

    TRACE(DPFLTR_INFO_LEVEL, "attached filter #%lu", ctx->Index);
    return STATUS_SUCCESS;
}
