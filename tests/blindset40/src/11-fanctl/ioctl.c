/*++

Module Name:

    ioctl.c

Abstract:

    IOCTL dispatch and the RPM poll timer for the FC-4.

--*/

#include "fanctl.h"

_Use_decl_annotations_
VOID
FanEvtIoDeviceControl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
{
    PFAN_DEVICE_CONTEXT devContext = FanGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PFAN_DUTY_REQUEST   duty;
    PULONG              rpm;
    ULONG               ch;
    NTSTATUS            status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_FAN_GET_RPM:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG) * FAN_CHANNELS,
                                                (PVOID *)&rpm, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        for (ch = 0; ch < FAN_CHANNELS; ch++) {
            rpm[ch] = READ_REGISTER_ULONG(devContext->Registers + FAN_REG_RPM(ch) / sizeof(ULONG));
        }
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG) * FAN_CHANNELS);
        return;

    case IOCTL_FAN_SET_DUTY:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(FAN_DUTY_REQUEST),
                                               (PVOID *)&duty, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (duty->Channel >= FAN_CHANNELS || duty->DutyPercent > 100) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WRITE_REGISTER_ULONG(devContext->Registers + FAN_REG_DUTY(duty->Channel) / sizeof(ULONG),
                             duty->DutyPercent);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_FAN_WAIT_ALARM:
        // parked until the poll timer sees a stall
        status = WdfRequestForwardToIoQueue(Request, devContext->AlarmQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}

_Use_decl_annotations_
VOID
FanEvtPollTimer(
    WDFTIMER Timer
    )
{
    PFAN_DEVICE_CONTEXT devContext = FanGetDeviceContext(WdfTimerGetParentObject(Timer));
    WDFREQUEST          request;
    PULONG              channel;
    ULONG               ch, rpm;

    if (devContext->Registers == NULL) {
        return;
    }

    for (ch = 0; ch < FAN_CHANNELS; ch++) {

        rpm = READ_REGISTER_ULONG(devContext->Registers + FAN_REG_RPM(ch) / sizeof(ULONG));

        if (rpm < FAN_STALL_RPM && devContext->LastRpm[ch] >= FAN_STALL_RPM) {

            FanPrint(DPFLTR_WARNING_LEVEL, "fan %lu stalled", ch);

            while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(devContext->AlarmQueue, &request))) {
                if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG),
                                                              (PVOID *)&channel, NULL))) {
                    *channel = ch;
                    WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(ULONG));
                } else {
                    WdfRequestComplete(request, STATUS_BUFFER_TOO_SMALL);
                }
            }
        }

        devContext->LastRpm[ch] = rpm;
    }
}
