/*++

Copyright (c) VHid project.

Module Name:

    report.c

Abstract:

    Input report generation (timer driven) and output report handling.

Environment:

    Kernel mode only

--*/

#include "vhid.h"
#include "report.tmh"

NTSTATUS
VhidReportInitialize(
    _In_ WDFDEVICE Device,
    _Inout_ PVHID_DEVICE_CONTEXT DeviceContext
    )
{
    NTSTATUS status;
    WDF_TIMER_CONFIG timerConfig;
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, VhidEvtReportTimer, DeviceContext->IntervalMs);
    timerConfig.AutomaticSerialization = TRUE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfTimerCreate(&timerConfig, &attributes, &DeviceContext->ReportTimer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_REPORT, "WdfTimerCreate %!STATUS!", status);
        return status;
    }

    WdfTimerStart(DeviceContext->ReportTimer, WDF_REL_TIMEOUT_IN_MS(DeviceContext->IntervalMs));
    return STATUS_SUCCESS;
}

NTSTATUS
VhidReadReport(
    _In_ PVHID_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request,
    _Out_ PBOOLEAN CompleteRequest
    )
{
    NTSTATUS status;

    status = WdfRequestForwardToIoQueue(Request, DeviceContext->ManualQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_REPORT, "forward to manual queue %!STATUS!", status);
        *CompleteRequest = TRUE;
        return status;
    }

    *CompleteRequest = FALSE;
    return STATUS_PENDING;
}

NTSTATUS
VhidWriteReport(
    _In_ PVHID_DEVICE_CONTEXT DeviceContext,
    _In_ WDFREQUEST Request
    )
{
    NTSTATUS status;
    PHID_XFER_PACKET packet;

    //
    // mshidkmdf passes the HID_XFER_PACKET through the user buffer of a
    // METHOD_NEITHER request.
    //
    packet = (PHID_XFER_PACKET)WdfRequestWdmGetIrp(Request)->UserBuffer;
    if (packet == NULL) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }

    if (packet->reportBufferLen < sizeof(VHID_OUTPUT_REPORT) ||
        packet->reportId != VHID_REPORT_ID_OUTPUT) {
        return STATUS_INVALID_PARAMETER;
    }

    WdfSpinLockAcquire(DeviceContext->StateLock);
    RtlCopyMemory(&DeviceContext->LastOutput, packet->reportBuffer, sizeof(VHID_OUTPUT_REPORT));
    WdfSpinLockRelease(DeviceContext->StateLock);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_REPORT, "rumble %u/%u",
                DeviceContext->LastOutput.RumbleLeft, DeviceContext->LastOutput.RumbleRight);

    status = STATUS_SUCCESS;
    WdfRequestSetInformation(Request, packet->reportBufferLen);
    return status;
}

VOID
VhidEvtReportTimer(
    _In_ WDFTIMER Timer
    )
{
    NTSTATUS status;
    WDFREQUEST request;
    PVHID_DEVICE_CONTEXT ctx = VhidGetDeviceContext(WdfTimerGetParentObject(Timer));
    WDFMEMORY memory;
    VHID_INPUT_REPORT snapshot;

    status = WdfIoQueueRetrieveNextRequest(ctx->ManualQueue, &request);
    if (!NT_SUCCESS(status)) {
        return;
    }

    WdfSpinLockAcquire(ctx->StateLock);
    snapshot = ctx->State;
    WdfSpinLockRelease(ctx->StateLock);

    status = WdfRequestRetrieveOutputMemory(request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(memory, 0, &snapshot, sizeof(snapshot));
    }

    if (NT_SUCCESS(status)) {
        WdfRequestCompleteWithInformation(request, status, sizeof(snapshot));
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_REPORT, "completing read %!STATUS!", status);
        WdfRequestComplete(request, status);
    }
}
