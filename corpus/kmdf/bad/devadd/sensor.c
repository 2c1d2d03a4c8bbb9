/*
 * sensor.c - a KMDF function driver for a polled sensor, in the version
 * whose EvtDriverDeviceAdd goes on after two failures.
 *
 * BUG (WDF012): the status of WdfIoQueueCreate is dropped: a device with
 * no default queue fails every request sent to it.
 * BUG (WDF013): when WdfDeviceCreate fails, the history buffer is not
 * freed: the device's cleanup callback that frees it exists only once the
 * device does.
 * BUG (WDF014, twice): the routine frees the WDFDEVICE_INIT the framework
 * gave it, and deletes the PnP device when the interface fails: the
 * framework frees and deletes both itself.
 * BUG (WDF012): the status of WdfTimerCreate is overwritten by the next
 * call, so the device starts with no polling timer.
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
        WdfDeviceInitFree(DeviceInit); // expect: WDF014
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SENSOR_CONTEXT);
    attributes.EvtCleanupCallback = SensorCleanup;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status; // expect: WDF013
    }
    ctx = SensorGetContext(device);
    ctx->History = history;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SensorIoctl;
    WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE); // expect: WDF012

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, SensorPoll, 100);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Poll); // expect: WDF012

    status = WdfDeviceCreateDeviceInterface(device, &SensorInterfaceGuid, NULL);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device); // expect: WDF014
    }
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
