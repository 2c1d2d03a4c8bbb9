#include "kctl.h"

VOID KctlEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    PCONTROL_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t info = 0;
    PVOID inBuf, outBuf;

    switch (IoControlCode) {
    case IOCTL_KCTL_GET_VERSION:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &outBuf, NULL);
        if (NT_SUCCESS(status)) {
            *(PULONG)outBuf = KCTL_VERSION;
            info = sizeof(ULONG);
        }
        break;

    case IOCTL_KCTL_GET_UPTIME: {
        LARGE_INTEGER now;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONGLONG), &outBuf, NULL);
        if (NT_SUCCESS(status)) {
            KeQuerySystemTime(&now);
            *(PLONGLONG)outBuf = now.QuadPart - ctx->LoadTime.QuadPart;
            info = sizeof(LONGLONG);
        }
        break;
    }

    case IOCTL_KCTL_ECHO:
        if (InputBufferLength == 0 || OutputBufferLength < InputBufferLength) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, InputBufferLength, &inBuf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, InputBufferLength, &outBuf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        /* METHOD_BUFFERED: same system buffer, RtlMoveMemory is safe */
        RtlMoveMemory(outBuf, inBuf, InputBufferLength);
        ctx->EchoCount++;
        info = InputBufferLength;
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
