/*
 * sensor.c - a KMDF function driver for a polled sensor: EvtDriverDeviceAdd
 * creates the device, its default queue, a polling timer and a device
 * interface, and fails as soon as one of them fails (the framework then
 * deletes the device and what was created under it, running the device's
 * cleanup callback, which frees the history buffer; before the device
 * exists, the routine frees it itself).
 */

#include <ntddk.h>
#include <wdf.h>

typedef struct _SENSOR_CONTEXT {
    WDFTIMER Poll;
    ULONG Reading;
    PULONG History;
} SENSOR_CONTEXT, *PSENSOR_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SENSOR_CONTEXT, SensorGetContext)

static const GUID SensorInterfaceGuid =
    { 0x0d9a7e42, 0x6c1b, 0x4b3f, { 0x8e, 0x27, 0x41, 0x90, 0xaa, 0x5c, 0x17, 0x6d } };

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SensorDeviceAdd;
EVT_WDF_TIMER SensorPoll;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SensorCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SensorIoctl;

VOID
SensorPoll(
    _In_ WDFTIMER Timer
    )
{
    PSENSOR_CONTEXT ctx = SensorGetContext(WdfTimerGetParentObject(Timer));

    ctx->Reading++;
}

VOID
SensorCleanup(
    _In_ WDFOBJECT Device
    )
{
    PSENSOR_CONTEXT ctx = SensorGetContext(Device);

    ExFreePoolWithTag(ctx->History, 'hsnS');
}

VOID
SensorIoctl(
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
    UNREFERENCED_PARAMETER(IoControlCode);
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
}

NTSTATUS
SensorDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PSENSOR_CONTEXT ctx;
    PULONG history;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    history = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, 64 * sizeof(ULONG), 'hsnS');
    if (history == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SENSOR_CONTEXT);
    attributes.EvtCleanupCallback = SensorCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(history, 'hsnS');
        return status;
    }
    ctx = SensorGetContext(device);
    ctx->History = history;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SensorIoctl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, SensorPoll, 100);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Poll);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &SensorInterfaceGuid, NULL);
    return status;
}

NTSTATUS
DriverEntry( // expect-entry: kmdf
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, SensorDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
