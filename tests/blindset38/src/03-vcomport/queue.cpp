//
// queue.cpp - read/write loopback and the handful of serial IOCTLs
// that HyperTerminal / PuTTY insist on.
//
#include "vcom.h"

namespace vcom {
namespace {

// RAII wrapper around the WDF spin lock
class RingGuard
{
public:
    explicit RingGuard(WDFSPINLOCK Lock) : m_lock(Lock) { WdfSpinLockAcquire(m_lock); }
    ~RingGuard() { WdfSpinLockRelease(m_lock); }
private:
    WDFSPINLOCK m_lock;
};

void DrainPendingReads(VCOM_DEVICE_CONTEXT* ctx)
{
    for (;;) {
        WDFREQUEST request;
        if (!NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->PendingReads, &request))) {
            break;
        }

        PVOID  buffer;
        size_t length;
        NTSTATUS status = WdfRequestRetrieveOutputBuffer(request, 1, &buffer, &length);
        size_t got = 0;
        if (NT_SUCCESS(status)) {
            RingGuard guard(ctx->RingLock);
            got = ctx->Ring->Read(static_cast<UCHAR*>(buffer), length);
        }
        WdfRequestCompleteWithInformation(request, status, got);

        RingGuard guard(ctx->RingLock);
        if (ctx->Ring->Count() == 0) {
            break;
        }
    }
}

template <typename T>
NTSTATUS GetIn(WDFREQUEST Request, T** Out)
{
    return WdfRequestRetrieveInputBuffer(Request, sizeof(T), reinterpret_cast<PVOID*>(Out), nullptr);
}

template <typename T>
NTSTATUS PutOut(WDFREQUEST Request, const T& Value, size_t* Info)
{
    T* out;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(T), reinterpret_cast<PVOID*>(&out), nullptr);
    if (NT_SUCCESS(status)) {
        *out  = Value;
        *Info = sizeof(T);
    }
    return status;
}

} // anonymous namespace

namespace io {

VOID OnWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto   ctx = VComGetContext(WdfIoQueueGetDevice(Queue));
    PVOID  buffer;
    size_t written = 0;

    NTSTATUS status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, nullptr);
    if (NT_SUCCESS(status)) {
        RingGuard guard(ctx->RingLock);
        written = ctx->Ring->Write(static_cast<const UCHAR*>(buffer), Length);
    }
    WdfRequestCompleteWithInformation(Request, status, written);

    if (written != 0) {
        DrainPendingReads(ctx);
    }
}

VOID OnRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto   ctx = VComGetContext(WdfIoQueueGetDevice(Queue));
    PVOID  buffer;
    size_t got = 0;

    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, 1, &buffer, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    {
        RingGuard guard(ctx->RingLock);
        got = ctx->Ring->Read(static_cast<UCHAR*>(buffer), Length);
    }

    if (got == 0 && ctx->Timeouts.ReadIntervalTimeout != MAXULONG) {
        status = WdfRequestForwardToIoQueue(Request, ctx->PendingReads);
        if (NT_SUCCESS(status)) {
            return;
        }
    }
    WdfRequestCompleteWithInformation(Request, status, got);
}

VOID OnDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                     _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    auto     ctx    = VComGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    size_t   info   = 0;

    switch (Code) {
    case IOCTL_SERIAL_SET_BAUD_RATE: {
        SERIAL_BAUD_RATE* br;
        status = GetIn(Request, &br);
        if (NT_SUCCESS(status)) ctx->BaudRate = br->BaudRate;
        break;
    }
    case IOCTL_SERIAL_GET_BAUD_RATE: {
        SERIAL_BAUD_RATE br = { ctx->BaudRate };
        status = PutOut(Request, br, &info);
        break;
    }
    case IOCTL_SERIAL_SET_TIMEOUTS: {
        SERIAL_TIMEOUTS* to;
        status = GetIn(Request, &to);
        if (NT_SUCCESS(status)) ctx->Timeouts = *to;
        break;
    }
    case IOCTL_SERIAL_GET_TIMEOUTS:
        status = PutOut(Request, ctx->Timeouts, &info);
        break;
    case IOCTL_SERIAL_PURGE: {
        RingGuard guard(ctx->RingLock);
        ctx->Ring->Clear();
        break;
    }
    case IOCTL_SERIAL_SET_QUEUE_SIZE:
    case IOCTL_SERIAL_SET_WAIT_MASK:
    case IOCTL_SERIAL_SET_DTR:
    case IOCTL_SERIAL_CLR_DTR:
    case IOCTL_SERIAL_SET_RTS:
    case IOCTL_SERIAL_CLR_RTS:
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace io
} // namespace vcom
