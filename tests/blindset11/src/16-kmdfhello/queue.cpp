// queue.cpp - the default queue: read/write a shared buffer, two IOCTLs
#include "hello.h"

using hello::GetDeviceContext;

NTSTATUS HelloQueueInitialize(WDFDEVICE device)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = HelloEvtIoRead;
    queueConfig.EvtIoWrite = HelloEvtIoWrite;
    queueConfig.EvtIoDeviceControl = HelloEvtIoDeviceControl;

    WDFQUEUE queue;
    NTSTATUS status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: WdfIoQueueCreate failed 0x%08X\n", status));
        return status;
    }
    GetDeviceContext(device)->Queue = queue;
    return STATUS_SUCCESS;
}

extern "C" void HelloEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY memory;

    NTSTATUS status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    size_t n = Length < ctx->Length ? Length : ctx->Length;
    status = WdfMemoryCopyFromBuffer(memory, 0, ctx->Buffer, n);
    ctx->Counters.Reads++;
    hello::g_DriverStats.Reads++;
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? n : 0);
}

extern "C" void HelloEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY memory;

    NTSTATUS status = WdfRequestRetrieveInputMemory(Request, &memory);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    size_t n = Length < hello::kBufferSize ? Length : hello::kBufferSize;
    status = WdfMemoryCopyToBuffer(memory, 0, ctx->Buffer, n);
    if (NT_SUCCESS(status)) {
        ctx->Length = static_cast<ULONG>(n);
    }
    ctx->Counters.Writes++;
    hello::g_DriverStats.Writes++;
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? n : 0);
}

extern "C" void HelloEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request,
                                        size_t OutputBufferLength, size_t InputBufferLength,
                                        ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t info = 0;
    ctx->Counters.Ioctls++;

    switch (IoControlCode) {
    case IOCTL_HELLO_GET_STATS: {
        hello::Stats* out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(hello::Stats),
                                                reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = ctx->Counters;
            info = sizeof(hello::Stats);
        }
        break;
    }
    case IOCTL_HELLO_CLEAR:
        ctx->Length = 0;
        ctx->Counters.Reset();
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
