/*++
Module Name:  driver.c  (KMDF build)

Abstract:     Non-PnP KMDF driver exposing a RAM log through a control device.
--*/
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "ramlog.h"
#include "trace.h"
#ifdef USE_WPP
#include "driver.tmh"
#endif

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD DriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverContextCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtControlDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

typedef struct _CONTROL_CONTEXT {
    RING_BUFFER Ring;
} CONTROL_CONTEXT, *PCONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_CONTEXT, GetControlContext)

static WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
CreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT deviceInit;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PCONTROL_CONTEXT ctx;
    DECLARE_CONST_UNICODE_STRING(deviceName, RAMLOG_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, RAMLOG_LINK_NAME);

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);
    attributes.EvtCleanupCallback = EvtControlDeviceCleanup;

    status = WdfDeviceCreate(&deviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    ctx = GetControlContext(device);
    status = RingInitialize(&ctx->Ring, RAMLOG_DEFAULT_SIZE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;
}

VOID
EvtControlDeviceCleanup(
    _In_ WDFOBJECT Object
    )
{
    RingFree(&GetControlContext((WDFDEVICE)Object)->Ring);
}

VOID
EvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PCONTROL_CONTEXT ctx = GetControlContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buffer;
    size_t length;

    switch (IoControlCode) {
    case IOCTL_RAMLOG_APPEND:
        status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, &length);
        if (NT_SUCCESS(status)) {
            RingAppend(&ctx->Ring, buffer, (ULONG)min(length, InputBufferLength));
        }
        break;

    case IOCTL_RAMLOG_READ:
        status = WdfRequestRetrieveOutputBuffer(Request, 1, &buffer, &length);
        if (NT_SUCCESS(status)) {
            info = RingRead(&ctx->Ring, buffer, (ULONG)min(length, OutputBufferLength));
        }
        break;

    case IOCTL_RAMLOG_RESET:
        RingReset(&ctx->Ring);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
DriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s", "unloading");
    //
    // The control device is deleted by the framework together with the
    // driver object; nothing else to do here.
    //
}

VOID
EvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver = NULL;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s", "DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = DriverUnload;
    config.DriverPoolTag = RAMLOG_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = EvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        RETURN_STATUS_TRACE(status);
    }

    status = CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "CreateControlDevice failed 0x%08X", status);
        //
        // The driver object's cleanup callback runs WPP_CLEANUP when the
        // framework tears the driver down.
        //
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s", "control device ready");
    return status;
}
