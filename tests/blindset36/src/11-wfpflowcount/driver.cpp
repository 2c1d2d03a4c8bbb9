//
// driver.cpp - DriverEntry, control device, unload for flowcount
//
#include <initguid.h>
#include "flowcount.h"
#include "driver.tmh"

static WDFDEVICE g_ControlDevice = nullptr;

static NTSTATUS
FcCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName, FC_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, FC_DOS_NAME);

    PWDFDEVICE_INIT init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    NTSTATUS status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    WDFDEVICE device;
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG qc;
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
        qc.EvtIoDeviceControl = FcEvtIoDeviceControl;
        status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

static void
FcDeleteControlDevice()
{
    if (g_ControlDevice != nullptr) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = nullptr;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! entry");

    // WPP_CLEANUP runs from the driver object's cleanup callback once
    // WdfDriverCreate has succeeded, including when we fail further down.
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = FcEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = FcEvtDriverUnload;
    config.DriverPoolTag    = FC_TAG;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    status = FcCreateControlDevice(driver);
    if (NT_SUCCESS(status)) {

        // callouts hang off the control device's WDM device object
        status = wfp::Callouts::Register(WdfDeviceWdmGetDeviceObject(g_ControlDevice));
        if (NT_SUCCESS(status)) {

            status = wfp::Engine::Install();
            if (NT_SUCCESS(status)) {
                TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! ready");
                return STATUS_SUCCESS;
            }
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "Engine::Install %!STATUS!", status);
            wfp::Callouts::Unregister();
        } else {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "Callouts::Register %!STATUS!", status);
        }
        FcDeleteControlDevice();
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "control device %!STATUS!", status);
    }

    return status;
}

VOID
FcEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    // filter engine objects, then the runtime callout, then the device
    // object the callout was registered against
    wfp::Engine::Uninstall();
    wfp::Callouts::Unregister();
    FcDeleteControlDevice();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! done");
}

VOID
FcEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(DriverObject)));
}

VOID
FcEvtIoDeviceControl(
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

    if (IoControlCode != IOCTL_FLOWCOUNT_QUERY) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    FLOWCOUNT_STATS* out = nullptr;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(FLOWCOUNT_STATS),
                                                     reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    wfp::Callouts::Snapshot(out);
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_IOCTL, "query tcp=%I64d udp=%I64d", out->TcpFlows, out->UdpFlows);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(FLOWCOUNT_STATS));
}
