/*
 * queue.cpp - read, write and serial IOCTLs of a VComPair port.
 */
#include "vcom.h"

VOID
VcomEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    WDFDEVICE   device = WdfIoQueueGetDevice(Queue);
    VcomPort*   port = VcomGetDeviceContext(device)->Port;
    VcomDriver* drv = VcomGetDriver();
    VcomPort*   partner;
    PUCHAR      buffer;
    NTSTATUS    status;

    status = WdfRequestRetrieveInputBuffer(Request, 1, (PVOID*)&buffer, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    partner = drv->Partner(port);
    if (partner == nullptr) {
        /* No one listening: behave like an unplugged null-modem cable. */
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
        return;
    }

    partner->Push(buffer, Length, drv->Stats(port->Slot()));
    partner->ServiceReads();
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
VcomEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_SERIAL_SET_BAUD_RATE:
    case IOCTL_SERIAL_SET_LINE_CONTROL:
    case IOCTL_SERIAL_SET_HANDFLOW:
    case IOCTL_SERIAL_SET_TIMEOUTS:
    case IOCTL_SERIAL_SET_QUEUE_SIZE:
    case IOCTL_SERIAL_SET_DTR:
    case IOCTL_SERIAL_CLR_DTR:
    case IOCTL_SERIAL_SET_RTS:
    case IOCTL_SERIAL_CLR_RTS:
    case IOCTL_SERIAL_PURGE:
    case IOCTL_SERIAL_SET_WAIT_MASK:
        break;

    case IOCTL_SERIAL_GET_BAUD_RATE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SERIAL_BAUD_RATE), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            static_cast<PSERIAL_BAUD_RATE>(buffer)->BaudRate = 115200;
            info = sizeof(SERIAL_BAUD_RATE);
        }
        break;

    case IOCTL_SERIAL_GET_TIMEOUTS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SERIAL_TIMEOUTS), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            RtlZeroMemory(buffer, sizeof(SERIAL_TIMEOUTS));
            info = sizeof(SERIAL_TIMEOUTS);
        }
        break;

    case IOCTL_SERIAL_GET_COMMSTATUS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SERIAL_STATUS), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            RtlZeroMemory(buffer, sizeof(SERIAL_STATUS));
            info = sizeof(SERIAL_STATUS);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
