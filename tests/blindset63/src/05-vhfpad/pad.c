/*
 * pad.c - report descriptor, feeder IOCTL and report timer
 */
#include "vhfpad.h"

#define PAD_REPORT_ID   0x01

const UCHAR g_PadReportDescriptor[] = {
    0x05, 0x01,             // Usage Page (Generic Desktop)
    0x09, 0x05,             // Usage (Game Pad)
    0xA1, 0x01,             // Collection (Application)
    0x85, PAD_REPORT_ID,    //   Report ID (1)
    0x05, 0x09,             //   Usage Page (Button)
    0x19, 0x01,             //   Usage Minimum (1)
    0x29, 0x10,             //   Usage Maximum (16)
    0x15, 0x00,             //   Logical Minimum (0)
    0x25, 0x01,             //   Logical Maximum (1)
    0x75, 0x01,             //   Report Size (1)
    0x95, 0x10,             //   Report Count (16)
    0x81, 0x02,             //   Input (Data,Var,Abs)
    0x05, 0x01,             //   Usage Page (Generic Desktop)
    0x09, 0x30,             //   Usage (X)
    0x09, 0x31,             //   Usage (Y)
    0x09, 0x33,             //   Usage (Rx)
    0x09, 0x34,             //   Usage (Ry)
    0x15, 0x00,             //   Logical Minimum (0)
    0x26, 0xFF, 0x00,       //   Logical Maximum (255)
    0x75, 0x08,             //   Report Size (8)
    0x95, 0x04,             //   Report Count (4)
    0x81, 0x02,             //   Input (Data,Var,Abs)
    0xC0                    // End Collection
};

const USHORT g_PadReportDescriptorSize = sizeof(g_PadReportDescriptor);

VOID
PadEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PPAD_CONTEXT    ctx = PadGetContext(WdfIoQueueGetDevice(Queue));
    PPAD_STATE      newState;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_VHFPAD_SET_STATE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(PAD_STATE), (PVOID*)&newState, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->StateLock);
        ctx->State = *newState;
        WdfSpinLockRelease(ctx->StateLock);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}

VOID
PadEvtReportTimer(
    _In_ WDFTIMER Timer
    )
{
    PPAD_CONTEXT    ctx = PadGetContext((WDFDEVICE)WdfTimerGetParentObject(Timer));
    HID_XFER_PACKET packet;
    NTSTATUS        status;

    if (ctx->VhfHandle == NULL) {
        return;
    }

    WdfSpinLockAcquire(ctx->StateLock);
    ctx->Report.ReportId = PAD_REPORT_ID;
    ctx->Report.State    = ctx->State;
    WdfSpinLockRelease(ctx->StateLock);

    packet.reportBuffer    = (PUCHAR)&ctx->Report;
    packet.reportBufferLen = sizeof(ctx->Report);
    packet.reportId        = PAD_REPORT_ID;

    status = VhfReadReportSubmit(ctx->VhfHandle, &packet);
    if (NT_SUCCESS(status)) {
        ctx->ReportsSent++;
    }
}
