/*++

Module Name:

    control.c

Abstract:

    Non-PnP control device (\Device\ThermionCtl) created from DriverEntry.

--*/
#include "driver.h"
#include "control.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ThermionCreateControlDevice)
#endif

DECLARE_CONST_UNICODE_STRING(g_ControlSddl, L"D:P(A;;GA;;;SY)(A;;GA;;;BA)");

NTSTATUS
ThermionCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT deviceInit;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE controlDevice;
    WDFQUEUE queue;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(deviceName, THERMION_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, THERMION_CONTROL_LINK);

    PAGED_CODE();

    deviceInit = WdfControlDeviceInitAllocate(Driver, &g_ControlSddl);
    if (deviceInit == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    WdfDeviceInitSetExclusive(deviceInit, FALSE);
    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceInitAssignName failed %!STATUS!", status);
        goto Exit;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);

    status = WdfDeviceCreate(&deviceInit, &attributes, &controlDevice);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreate (control) failed %!STATUS!", status);
        goto FreeInit;
    }

    status = WdfDeviceCreateSymbolicLink(controlDevice, &linkName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateSymbolicLink failed %!STATUS!", status);
        goto DeleteDevice;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = ThermionEvtControlIoctl;

    status = WdfIoQueueCreate(controlDevice, &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfIoQueueCreate (control) failed %!STATUS!", status);
        goto DeleteDevice;
    }

    //
    // Control devices must be told explicitly that initialization is done.
    //
    WdfControlFinishInitializing(controlDevice);
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(controlDevice);
    return status;

FreeInit:
    WdfDeviceInitFree(deviceInit);
Exit:
    return status;
}

VOID
ThermionEvtControlIoctl(
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

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "control ioctl 0x%x", IoControlCode);
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
}
