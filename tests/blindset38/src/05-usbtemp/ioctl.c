/*
 * ioctl.c
 */
#include "usbtemp.h"

VOID
UtEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PUT_DEVICE_CONTEXT ctx = UtGetContext(WdfIoQueueGetDevice(Queue));
    PUSBTEMP_READING   out;
    NTSTATUS           status;
    size_t             info = 0;
    BOOLEAN            have;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (OutputBufferLength < sizeof(USBTEMP_READING)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    switch (IoControlCode) {

    case IOCTL_USBTEMP_GET_READING:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(USBTEMP_READING), (PVOID*)&out, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->ReadingLock);
        have = ctx->HaveReading;
        if (have) {
            *out = ctx->LastReading;
        }
        WdfSpinLockRelease(ctx->ReadingLock);

        if (have) {
            info = sizeof(USBTEMP_READING);
        } else {
            status = STATUS_DEVICE_NOT_READY;
        }
        break;

    case IOCTL_USBTEMP_WAIT_READING:
        status = WdfRequestForwardToIoQueue(Request, ctx->NotifyQueue);
        if (NT_SUCCESS(status)) {
            return;     // completed from UtEvtReadComplete
        }
        UT_ERR(("forward to notify queue 0x%08X\n", status));
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
