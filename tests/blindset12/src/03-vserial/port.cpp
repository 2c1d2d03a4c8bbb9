#include "vserial.h"

namespace vcom {

void Port::DrainReads(DeviceContext* ctx)
{
    for (;;) {
        WDFREQUEST req = nullptr;
        PUCHAR buf = nullptr;
        size_t len = 0;
        size_t done = 0;

        {
            SpinGuard guard(ctx->Lock);
            if (ctx->Count == 0) {
                return;
            }
            if (!NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->ReadQueue, &req))) {
                return;
            }
            if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(req, 1, reinterpret_cast<PVOID*>(&buf), &len))) {
                while (done < len && ctx->Count > 0) {
                    buf[done++] = ctx->Ring[ctx->Head];
                    ctx->Head = (ctx->Head + 1) % kRingSize;
                    ctx->Count--;
                }
            }
        }
        WdfRequestCompleteWithInformation(req, STATUS_SUCCESS, done);
    }
}

VOID Port::OnRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    UNREFERENCED_PARAMETER(Length);
    auto ctx = GetContext(WdfIoQueueGetDevice(Queue));

    auto status = WdfRequestForwardToIoQueue(Request, ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    DrainReads(ctx);
}

VOID Port::OnWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = GetContext(WdfIoQueueGetDevice(Queue));
    PUCHAR buf = nullptr;
    size_t taken = 0;

    auto status = WdfRequestRetrieveInputBuffer(Request, Length, reinterpret_cast<PVOID*>(&buf), nullptr);
    if (NT_SUCCESS(status)) {
        SpinGuard guard(ctx->Lock);
        while (taken < Length && ctx->Count < kRingSize) {
            ctx->Ring[(ctx->Head + ctx->Count) % kRingSize] = buf[taken++];
            ctx->Count++;
        }
    }
    WdfRequestCompleteWithInformation(Request, status, taken);
    DrainReads(ctx);
}

VOID Port::OnIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutLen, size_t InLen, ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);
    auto ctx = GetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    size_t info = 0;

    switch (Code) {
    case IOCTL_SERIAL_SET_BAUD_RATE: {
        PSERIAL_BAUD_RATE in = nullptr;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*in), reinterpret_cast<PVOID*>(&in), nullptr);
        if (NT_SUCCESS(status)) {
            ctx->BaudRate = in->BaudRate;
        }
        break;
    }
    case IOCTL_SERIAL_GET_BAUD_RATE: {
        PSERIAL_BAUD_RATE out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            out->BaudRate = ctx->BaudRate;
            info = sizeof(*out);
        }
        break;
    }
    case IOCTL_SERIAL_SET_LINE_CONTROL: {
        PSERIAL_LINE_CONTROL in = nullptr;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*in), reinterpret_cast<PVOID*>(&in), nullptr);
        if (NT_SUCCESS(status)) {
            ctx->LineControl = *in;
        }
        break;
    }
    case IOCTL_SERIAL_SET_QUEUE_SIZE:
    case IOCTL_SERIAL_SET_TIMEOUTS:
    case IOCTL_SERIAL_SET_DTR:
    case IOCTL_SERIAL_SET_RTS:
    case IOCTL_SERIAL_PURGE:
        // terminals expect these to succeed; nothing to do for a loopback
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS Port::Create(PWDFDEVICE_INIT init)
{
    WdfDeviceInitSetDeviceType(init, FILE_DEVICE_SERIAL_PORT);
    WdfDeviceInitSetExclusive(init, TRUE);

    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, DeviceContext);

    WDFDEVICE device = nullptr;
    auto status = WdfDeviceCreate(&init, &attr, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto ctx = GetContext(device);
    ctx->Device = device;
    ctx->BaudRate = 115200;

    WDF_OBJECT_ATTRIBUTES lockAttr;
    WDF_OBJECT_ATTRIBUTES_INIT(&lockAttr);
    lockAttr.ParentObject = device;
    status = WdfSpinLockCreate(&lockAttr, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoRead = OnRead;
    qc.EvtIoWrite = OnWrite;
    qc.EvtIoDeviceControl = OnIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_COMPORT, nullptr);
}

} // namespace vcom
