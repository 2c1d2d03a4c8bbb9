/*++

Module Name:

    queue.cpp

Abstract:

    I/O queue for the LP-16 panel.

--*/

#include "ledpanel.h"
#include "queue.tmh"

namespace led {

#pragma code_seg("PAGE")

NTSTATUS
Queue::Initialize(
    _In_  WDFDEVICE Device,
    _Out_ WDFQUEUE  *Queue
    )
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS            status;

    PAGED_CODE();

    *Queue = nullptr;

    // sequential dispatch - the panel registers are not re-entrant
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, Queue);

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
    }

    return status;
}

#pragma code_seg()

VOID
Queue::EvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    DeviceContext   *ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PVOID           buffer = nullptr;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(OutputBufferLength);

    switch (IoControlCode) {

    case IOCTL_LEDPANEL_SET_ROWS:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ctx->Rows), &buffer, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlCopyMemory(ctx->Rows, buffer, sizeof(ctx->Rows));
        Panel::WriteRows(ctx);
        break;

    case IOCTL_LEDPANEL_CLEAR:
        UNREFERENCED_PARAMETER(InputBufferLength);
        RtlZeroMemory(ctx->Rows, sizeof(ctx->Rows));
        Panel::WriteRows(ctx);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}

} // namespace led
