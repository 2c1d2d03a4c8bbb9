/*
 * driver.c - usbtherm: UMDF 2 driver for the TH-2 USB thermometer, a HID-
 * less vendor-class device that reports the probe temperature on an
 * interrupt IN endpoint. Runs in WUDFHost; no kernel component.
 */

#include <windows.h>
#include <wdf.h>

#include "trace.h"
#include "driver.tmh"

#include <initguid.h>

/* {5E3A9C14-0B72-4D8E-A6F1-3C29E7B0D845} */
DEFINE_GUID(GUID_DEVINTERFACE_USBTHERM,
    0x5e3a9c14, 0x0b72, 0x4d8e, 0xa6, 0xf1, 0x3c, 0x29, 0xe7, 0xb0, 0xd8, 0x45);

/* USB target objects and the continuous reader are set up in
   EvtDevicePrepareHardware (usb.c, not part of this excerpt). */
typedef struct _USBTHERM_CONTEXT {
    LONG LastReadingMilliC;
} USBTHERM_CONTEXT, *PUSBTHERM_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(USBTHERM_CONTEXT, UsbThermGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UsbThermEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsbThermEvtDriverCleanup;
EVT_WDF_IO_QUEUE_IO_READ UsbThermEvtIoRead;

NTSTATUS
DriverEntry(                                            // expect-entry: umdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    /* UMDF 2 takes a tracing id instead of the driver object. */
    WPP_INIT_TRACING(USBTHERM_TRACING_ID);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = UsbThermEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, UsbThermEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP();
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return status;
}

VOID
UsbThermEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
    WPP_CLEANUP();
}

NTSTATUS
UsbThermEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PUSBTHERM_CONTEXT context;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, USBTHERM_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    context = UsbThermGetContext(device);
    context->LastReadingMilliC = 0;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBTHERM, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = UsbThermEvtIoRead;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
    }
    return status;
}

VOID
UsbThermEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PUSBTHERM_CONTEXT context = UsbThermGetContext(WdfIoQueueGetDevice(Queue));
    LONG *reading;
    NTSTATUS status;

    if (Length < sizeof(LONG)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), (PVOID *)&reading, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    /* Continuous reader on the interrupt pipe updates LastReadingMilliC. */
    *reading = context->LastReadingMilliC;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(LONG));
}
