#include "hello.h"

static const CHAR s_Greeting[] = "Hello from kernel mode!";

VOID
HelloEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode)
{
    PHELLO_DEVICE_CONTEXT ctx = HelloGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    PVOID out = NULL;
    size_t written = 0;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HELLO_GREET:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(s_Greeting), &out, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, s_Greeting, sizeof(s_Greeting));
            written = sizeof(s_Greeting);
            InterlockedIncrement((volatile LONG*)&ctx->Greetings);
        }
        break;

    case IOCTL_HELLO_COUNT:
        if (OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &out, NULL);
        if (NT_SUCCESS(status)) {
            *(PULONG)out = ctx->Greetings;
            written = sizeof(ULONG);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, written);
}

NTSTATUS
HelloQueueInitialize(_In_ WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG config;
    PHELLO_DEVICE_CONTEXT ctx = HelloGetContext(Device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoDeviceControl = HelloEvtIoDeviceControl;

    return WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Queue);
}
