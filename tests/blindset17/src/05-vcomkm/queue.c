/*
 * queue.c - read/write/ioctl handling for the loopback COM port.
 */
#include "vcom.h"

NTSTATUS
VcomQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT ctx = VcomGetDeviceContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = VcomEvtIoRead;
    queueConfig.EvtIoWrite = VcomEvtIoWrite;
    queueConfig.EvtIoDeviceControl = VcomEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    return WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->WaitMaskQueue);
}

VOID
VcomSignalWaitMask(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ ULONG Events
    )
{
    WDFREQUEST request;
    PULONG out;

    if ((Ctx->WaitMask & Events) == 0) {
        return;
    }

    if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(Ctx->WaitMaskQueue, &request))) {
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG), (PVOID *)&out, NULL))) {
            *out = Ctx->WaitMask & Events;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(ULONG));
        } else {
            WdfRequestComplete(request, STATUS_BUFFER_TOO_SMALL);
        }
    }
}

VOID
VcomServicePendingReads(
    _In_ PDEVICE_CONTEXT Ctx
    )
{
    WDFREQUEST request;
    PUCHAR buffer;
    size_t length;
    SIZE_T copied;

    for (;;) {
        WdfSpinLockAcquire(Ctx->Lock);
        if (Ctx->Ring.Count == 0) {
            WdfSpinLockRelease(Ctx->Lock);
            return;
        }
        if (!NT_SUCCESS(WdfIoQueueRetrieveNextRequest(Ctx->ReadQueue, &request))) {
            WdfSpinLockRelease(Ctx->Lock);
            return;
        }
        if (!NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, 1, (PVOID *)&buffer, &length))) {
            WdfSpinLockRelease(Ctx->Lock);
            WdfRequestComplete(request, STATUS_INVALID_PARAMETER);
            continue;
        }
        copied = VcomRingRead(&Ctx->Ring, buffer, length);
        WdfSpinLockRelease(Ctx->Lock);

        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, copied);
    }
}

VOID
VcomEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = VcomGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCHAR buffer;
    SIZE_T copied;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, Length, (PVOID *)&buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    copied = VcomRingRead(&ctx->Ring, buffer, Length);
    WdfSpinLockRelease(ctx->Lock);

    if (copied != 0 || ctx->Timeouts.ReadIntervalTimeout == MAXULONG) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, copied);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
    }
}

VOID
VcomEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = VcomGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCHAR buffer;
    SIZE_T written;
    NTSTATUS status;

    status = WdfRequestRetrieveInputBuffer(Request, Length, (PVOID *)&buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    written = VcomRingWrite(&ctx->Ring, buffer, Length);
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, written);

    VcomServicePendingReads(ctx);
    VcomSignalWaitMask(ctx, SERIAL_EV_RXCHAR | SERIAL_EV_TXEMPTY);
}

#define VCOM_GET(_type, _field)                                                         \
    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(_type), &buffer, NULL);     \
    if (NT_SUCCESS(status)) {                                                           \
        *(_type *)buffer = (_field);                                                    \
        info = sizeof(_type);                                                           \
    }

#define VCOM_SET(_type, _field)                                                         \
    status = WdfRequestRetrieveInputBuffer(Request, sizeof(_type), &buffer, NULL);      \
    if (NT_SUCCESS(status)) {                                                           \
        (_field) = *(_type *)buffer;                                                    \
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
    PDEVICE_CONTEXT ctx = VcomGetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_SERIAL_SET_BAUD_RATE:    VCOM_SET(SERIAL_BAUD_RATE, ctx->BaudRate); break;
    case IOCTL_SERIAL_GET_BAUD_RATE:    VCOM_GET(SERIAL_BAUD_RATE, ctx->BaudRate); break;
    case IOCTL_SERIAL_SET_LINE_CONTROL: VCOM_SET(SERIAL_LINE_CONTROL, ctx->LineControl); break;
    case IOCTL_SERIAL_GET_LINE_CONTROL: VCOM_GET(SERIAL_LINE_CONTROL, ctx->LineControl); break;
    case IOCTL_SERIAL_SET_TIMEOUTS:     VCOM_SET(SERIAL_TIMEOUTS, ctx->Timeouts); break;
    case IOCTL_SERIAL_GET_TIMEOUTS:     VCOM_GET(SERIAL_TIMEOUTS, ctx->Timeouts); break;
    case IOCTL_SERIAL_SET_HANDFLOW:     VCOM_SET(SERIAL_HANDFLOW, ctx->HandFlow); break;
    case IOCTL_SERIAL_GET_HANDFLOW:     VCOM_GET(SERIAL_HANDFLOW, ctx->HandFlow); break;
    case IOCTL_SERIAL_SET_CHARS:        VCOM_SET(SERIAL_CHARS, ctx->Chars); break;
    case IOCTL_SERIAL_GET_CHARS:        VCOM_GET(SERIAL_CHARS, ctx->Chars); break;
    case IOCTL_SERIAL_SET_WAIT_MASK:    VCOM_SET(ULONG, ctx->WaitMask); break;
    case IOCTL_SERIAL_GET_WAIT_MASK:    VCOM_GET(ULONG, ctx->WaitMask); break;
    case IOCTL_SERIAL_GET_DTRRTS:       VCOM_GET(ULONG, ctx->ModemControl); break;

    case IOCTL_SERIAL_SET_DTR:  ctx->ModemControl |= SERIAL_DTR_STATE;  break;
    case IOCTL_SERIAL_CLR_DTR:  ctx->ModemControl &= ~SERIAL_DTR_STATE; break;
    case IOCTL_SERIAL_SET_RTS:  ctx->ModemControl |= SERIAL_RTS_STATE;  break;
    case IOCTL_SERIAL_CLR_RTS:  ctx->ModemControl &= ~SERIAL_RTS_STATE; break;

    case IOCTL_SERIAL_GET_MODEMSTATUS: {
        /* loopback: DTR->DSR|DCD, RTS->CTS */
        ULONG modem = 0;
        if (ctx->ModemControl & SERIAL_DTR_STATE) modem |= SERIAL_DSR_STATE | SERIAL_DCD_STATE;
        if (ctx->ModemControl & SERIAL_RTS_STATE) modem |= SERIAL_CTS_STATE;
        VCOM_GET(ULONG, modem);
        break;
    }

    case IOCTL_SERIAL_GET_COMMSTATUS: {
        SERIAL_STATUS st;
        RtlZeroMemory(&st, sizeof(st));
        WdfSpinLockAcquire(ctx->Lock);
        st.AmountInInQueue = (ULONG)ctx->Ring.Count;
        WdfSpinLockRelease(ctx->Lock);
        VCOM_GET(SERIAL_STATUS, st);
        break;
    }

    case IOCTL_SERIAL_GET_PROPERTIES: {
        SERIAL_COMMPROP prop;
        RtlZeroMemory(&prop, sizeof(prop));
        prop.PacketLength = sizeof(prop);
        prop.PacketVersion = 2;
        prop.ServiceMask = SERIAL_SP_SERIALCOMM;
        prop.MaxTxQueue = (ULONG)ctx->Ring.Size;
        prop.MaxRxQueue = (ULONG)ctx->Ring.Size;
        prop.MaxBaud = SERIAL_BAUD_USER;
        prop.ProvSubType = SERIAL_SP_RS232;
        prop.ProvCapabilities = SERIAL_PCF_DTRDSR | SERIAL_PCF_RTSCTS | SERIAL_PCF_TOTALTIMEOUTS |
                                SERIAL_PCF_INTTIMEOUTS;
        prop.SettableParams = SERIAL_SP_BAUD | SERIAL_SP_DATABITS | SERIAL_SP_STOPBITS |
                              SERIAL_SP_PARITY | SERIAL_SP_HANDSHAKING;
        prop.SettableBaud = SERIAL_BAUD_USER;
        prop.SettableData = SERIAL_DATABITS_7 | SERIAL_DATABITS_8;
        prop.SettableStopParity = SERIAL_STOPBITS_10 | SERIAL_PARITY_NONE |
                                  SERIAL_PARITY_ODD | SERIAL_PARITY_EVEN;
        prop.CurrentTxQueue = (ULONG)ctx->Ring.Size;
        prop.CurrentRxQueue = (ULONG)ctx->Ring.Size;
        VCOM_GET(SERIAL_COMMPROP, prop);
        break;
    }

    case IOCTL_SERIAL_PURGE: {
        ULONG mask = 0;
        VCOM_SET(ULONG, mask);
        if (NT_SUCCESS(status) && (mask & (SERIAL_PURGE_RXCLEAR | SERIAL_PURGE_TXCLEAR))) {
            WdfSpinLockAcquire(ctx->Lock);
            VcomRingPurge(&ctx->Ring);
            WdfSpinLockRelease(ctx->Lock);
        }
        if (NT_SUCCESS(status) && (mask & SERIAL_PURGE_RXABORT)) {
            WdfIoQueuePurgeSynchronously(ctx->ReadQueue);
            WdfIoQueueStart(ctx->ReadQueue);
        }
        break;
    }

    case IOCTL_SERIAL_WAIT_ON_MASK:
        if (ctx->WaitMask == 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = WdfRequestForwardToIoQueue(Request, ctx->WaitMaskQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    case IOCTL_SERIAL_SET_QUEUE_SIZE:
    case IOCTL_SERIAL_SET_XON:
    case IOCTL_SERIAL_SET_XOFF:
    case IOCTL_SERIAL_SET_BREAK_ON:
    case IOCTL_SERIAL_SET_BREAK_OFF:
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
