#include "kctl.h"

namespace {

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnDeviceControl;

constexpr size_t kMaxEcho = 4096;

[[nodiscard]] NTSTATUS HandleGetStats(DEVICE_CONTEXT* ctx, WDFREQUEST Request, size_t OutputLength, ULONG_PTR& Info)
{
    if (OutputLength < sizeof(KCTL_STATS)) {
        return STATUS_BUFFER_TOO_SMALL;
    }

    KCTL_STATS* out = nullptr;
    RETURN_IF_NT_FAILED(WdfRequestRetrieveOutputBuffer(Request, sizeof(KCTL_STATS), reinterpret_cast<PVOID*>(&out), nullptr));

    out->Opens       = InterlockedCompareExchange64(&ctx->Stats.Opens, 0, 0);
    out->Ioctls      = InterlockedCompareExchange64(&ctx->Stats.Ioctls, 0, 0);
    out->BytesEchoed = InterlockedCompareExchange64(&ctx->Stats.BytesEchoed, 0, 0);
    Info = sizeof(KCTL_STATS);
    return STATUS_SUCCESS;
}

[[nodiscard]] NTSTATUS HandleEcho(DEVICE_CONTEXT* ctx, WDFREQUEST Request, size_t InputLength, size_t OutputLength, ULONG_PTR& Info)
{
    if (InputLength == 0 || InputLength > kMaxEcho || OutputLength < InputLength) {
        return STATUS_INVALID_BUFFER_SIZE;
    }

    PVOID in = nullptr;
    PVOID out = nullptr;
    RETURN_IF_NT_FAILED(WdfRequestRetrieveInputBuffer(Request, InputLength, &in, nullptr));
    RETURN_IF_NT_FAILED(WdfRequestRetrieveOutputBuffer(Request, InputLength, &out, nullptr));

    // METHOD_BUFFERED: in and out are the same system buffer
    RtlMoveMemory(out, in, InputLength);
    InterlockedAdd64(&ctx->Stats.BytesEchoed, static_cast<LONG64>(InputLength));
    Info = InputLength;
    return STATUS_SUCCESS;
}

void OnDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength, size_t InputBufferLength, ULONG IoControlCode)
{
    auto ctx = KctlGetContext(WdfIoQueueGetDevice(Queue));
    InterlockedIncrement64(&ctx->Stats.Ioctls);

    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (IoControlCode) {
    case IOCTL_KCTL_GET_STATS:
        status = HandleGetStats(ctx, Request, OutputBufferLength, info);
        break;
    case IOCTL_KCTL_RESET:
        RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
        status = STATUS_SUCCESS;
        break;
    case IOCTL_KCTL_ECHO:
        status = HandleEcho(ctx, Request, InputBufferLength, OutputBufferLength, info);
        break;
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace

NTSTATUS kctl::CreateQueue(WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = OnDeviceControl;

    WDFQUEUE queue = nullptr;
    RETURN_IF_NT_FAILED(WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue));
    return STATUS_SUCCESS;
}
