/*
 * gauge.c (conforming) - a KMDF function driver for a pressure gauge whose
 * EvtDriverDeviceAdd keeps a sample buffer in the device's context and frees
 * it in the device's EvtDestroyCallback: once WdfDeviceCreate succeeded, a
 * failing queue leaves the buffer to the framework, which runs that callback
 * when it deletes the device.
 * Expected: nothing.
 */

#include <ntddk.h>
#include <wdf.h>

#define GAUGE_TAG 'guaG'

typedef struct _GAUGE_CONTEXT {
    PUSHORT Samples;
} GAUGE_CONTEXT, *PGAUGE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(GAUGE_CONTEXT, GaugeGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD GaugeDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_DESTROY GaugeDestroy;
EVT_WDF_IO_QUEUE_IO_READ GaugeRead;

VOID
GaugeDestroy(
    _In_ WDFOBJECT Device
    )
{
    PGAUGE_CONTEXT ctx = GaugeGetContext(Device);

    if (ctx->Samples != NULL) {
        ExFreePoolWithTag(ctx->Samples, GAUGE_TAG);
    }
}

VOID
GaugeRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(Length);
    WdfRequestComplete(Request, STATUS_NOT_SUPPORTED);
}

NTSTATUS
GaugeDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PGAUGE_CONTEXT ctx;
    PUSHORT samples;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    samples = (PUSHORT)ExAllocatePool2(POOL_FLAG_NON_PAGED, 256 * sizeof(USHORT), GAUGE_TAG);
    if (samples == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, GAUGE_CONTEXT);
    attributes.EvtDestroyCallback = GaugeDestroy;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(samples, GAUGE_TAG);
        return status;
    }
    ctx = GaugeGetContext(device);
    ctx->Samples = samples;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = GaugeRead;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry( // expect-entry: kmdf
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, GaugeDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
