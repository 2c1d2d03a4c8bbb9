/*
 * queue.c - HID minidriver IOCTLs, report descriptor, stream timer
 */
#include "hidpedal.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PedalCreateQueuesAndTimer)
#endif

const UCHAR g_PedalReportDescriptor[] = {
    0x05, 0x02,                     // Usage Page (Simulation Controls)
    0x09, 0x02,                     // Usage (Automobile Simulation Device)
    0xA1, 0x01,                     // Collection (Application)
    0x85, PEDAL_REPORT_ID_INPUT,    //   Report ID (1)
    0x09, 0xC6,                     //   Usage (Clutch)
    0x09, 0xC5,                     //   Usage (Brake)
    0x09, 0xC4,                     //   Usage (Accelerator)
    0x15, 0x00,                     //   Logical Minimum (0)
    0x27, 0xFF, 0xFF, 0x00, 0x00,   //   Logical Maximum (65535)
    0x75, 0x10,                     //   Report Size (16)
    0x95, 0x03,                     //   Report Count (3)
    0x81, 0x02,                     //   Input (Data,Var,Abs)
    0x85, PEDAL_REPORT_ID_FEATURE,  //   Report ID (2)
    0x09, 0xC6,                     //   Usage (Clutch)
    0x09, 0xC5,                     //   Usage (Brake)
    0x09, 0xC4,                     //   Usage (Accelerator)
    0x95, 0x03,                     //   Report Count (3)
    0xB1, 0x02,                     //   Feature (Data,Var,Abs)
    0xC0                            // End Collection
};

const ULONG g_PedalReportDescriptorLength = sizeof(g_PedalReportDescriptor);

static HID_DESCRIPTOR s_HidDescriptor = {
    sizeof(HID_DESCRIPTOR),
    0x21,
    0x0111,
    0x00,
    0x01,
    { { 0x22, sizeof(g_PedalReportDescriptor) } }
};

NTSTATUS
PedalCreateQueuesAndTimer(
    _In_ WDFDEVICE      Device,
    _In_ PPEDAL_CONTEXT Ctx
    )
{
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDF_TIMER_CONFIG        timerConfig;
    WDF_OBJECT_ATTRIBUTES   attributes;
    NTSTATUS                status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = PedalEvtInternalDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "default queue 0x%08X\n", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "read queue 0x%08X\n", status);
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, PedalEvtStreamTimer, (LONG)Ctx->RateMs);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Ctx->ReadQueue;

    status = WdfTimerCreate(&timerConfig, &attributes, &Ctx->StreamTimer);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "timer 0x%08X\n", status);
    }
    return status;
}

static NTSTATUS
CompleteWithBuffer(
    _In_ WDFREQUEST Request,
    _In_reads_bytes_(Length) PVOID Data,
    _In_ size_t Length
    )
{
    WDFMEMORY   memory;
    NTSTATUS    status;

    status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(memory, 0, Data, Length);
    }
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, Length);
    }
    return status;
}

static NTSTATUS
HandleSetFeature(
    _In_ PPEDAL_CONTEXT Ctx,
    _In_ WDFREQUEST     Request
    )
{
    WDF_REQUEST_PARAMETERS  params;
    PHID_XFER_PACKET        packet;
    PPEDAL_REPORT           report;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (params.Parameters.DeviceIoControl.InputBufferLength < sizeof(HID_XFER_PACKET)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    packet = (PHID_XFER_PACKET)WdfRequestWdmGetIrp(Request)->UserBuffer;
    if (packet == NULL || packet->reportId != PEDAL_REPORT_ID_FEATURE ||
        packet->reportBufferLen < sizeof(PEDAL_REPORT)) {
        return STATUS_INVALID_PARAMETER;
    }

    report = (PPEDAL_REPORT)packet->reportBuffer;

    WdfSpinLockAcquire(Ctx->PositionLock);
    Ctx->Position.Clutch   = report->Clutch;
    Ctx->Position.Brake    = report->Brake;
    Ctx->Position.Throttle = report->Throttle;
    WdfSpinLockRelease(Ctx->PositionLock);

    return STATUS_SUCCESS;
}

VOID
PedalEvtInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PPEDAL_CONTEXT  ctx = PedalGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = CompleteWithBuffer(Request, &s_HidDescriptor, sizeof(s_HidDescriptor));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = CompleteWithBuffer(Request, (PVOID)g_PedalReportDescriptor,
                                    g_PedalReportDescriptorLength);
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        status = CompleteWithBuffer(Request, &ctx->Attributes, sizeof(ctx->Attributes));
        break;

    case IOCTL_HID_READ_REPORT:
        status = WdfRequestForwardToIoQueue(Request, ctx->ReadQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    case IOCTL_HID_SET_FEATURE:
        status = HandleSetFeature(ctx, Request);
        break;

    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }

    WdfRequestComplete(Request, status);
}

VOID
PedalEvtStreamTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFQUEUE        queue = (WDFQUEUE)WdfTimerGetParentObject(Timer);
    PPEDAL_CONTEXT  ctx = PedalGetContext(WdfIoQueueGetDevice(queue));
    PEDAL_REPORT    snapshot;
    WDFREQUEST      request;
    NTSTATUS        status;

    status = WdfIoQueueRetrieveNextRequest(queue, &request);
    if (!NT_SUCCESS(status)) {
        return;
    }

    WdfSpinLockAcquire(ctx->PositionLock);
    snapshot = ctx->Position;
    WdfSpinLockRelease(ctx->PositionLock);

    snapshot.ReportId = PEDAL_REPORT_ID_INPUT;

    status = CompleteWithBuffer(request, &snapshot, sizeof(snapshot));
    WdfRequestComplete(request, status);
}
