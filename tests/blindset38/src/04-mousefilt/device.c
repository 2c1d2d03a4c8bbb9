/*
 * device.c - per-device setup, the connect hook and the service callback.
 */
#include "mousefilt.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, MfEvtDeviceAdd)
#endif

NTSTATUS
MfEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device;
    PMF_DEVICE_CONTEXT    ctx;
    NTSTATUS              status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_MOUSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, MF_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    ctx = MfGetContext(device);
    ctx->Device      = device;
    ctx->Connected   = FALSE;
    ctx->PacketCount = 0;

    //
    // Only internal IOCTLs are interesting (the CONNECT from mouclass).
    // Everything else is passed down by the framework for us.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = MfEvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! device %p ready", device);
    return STATUS_SUCCESS;
}

VOID
MfEvtIoInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE                hDevice = WdfIoQueueGetDevice(Queue);
    PMF_DEVICE_CONTEXT       ctx     = MfGetContext(hDevice);
    PCONNECT_DATA            connectData = NULL;
    WDF_REQUEST_SEND_OPTIONS options;
    NTSTATUS                 status  = STATUS_SUCCESS;
    size_t                   length;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_INTERNAL_MOUSE_CONNECT:
        if (ctx->UpperConnectData.ClassService != NULL) {
            // only one connect per stack
            status = STATUS_SHARING_VIOLATION;
            break;
        }

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID*)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "CONNECT buffer %!STATUS!", status);
            break;
        }

        ctx->UpperConnectData = *connectData;

        // hook ourselves in between the port driver and mouclass
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(hDevice);
#pragma warning(suppress: 4152)
        connectData->ClassService      = MfServiceCallback;
        ctx->Connected = TRUE;
        break;

    case IOCTL_INTERNAL_MOUSE_DISCONNECT:
        // mouclass never sends this one; same answer as the DDK sample
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    WdfRequestFormatRequestUsingCurrentType(Request);

    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(hDevice), &options)) {
        status = WdfRequestGetStatus(Request);
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfRequestSend failed %!STATUS!", status);
        WdfRequestComplete(Request, status);
    }
}

VOID
MfServiceCallback(
    _In_    PDEVICE_OBJECT      DeviceObject,
    _In_    PMOUSE_INPUT_DATA   InputDataStart,
    _In_    PMOUSE_INPUT_DATA   InputDataEnd,
    _Inout_ PULONG              InputDataConsumed
    )
{
    PMF_DEVICE_CONTEXT ctx = MfGetContext(WdfWdmDeviceGetWdfDeviceHandle(DeviceObject));
    PMOUSE_INPUT_DATA  p;
    USHORT             flags, swapped;

    for (p = InputDataStart; p < InputDataEnd; p++) {
        if (g_MfSettings.SwapButtons) {
            flags   = p->ButtonFlags;
            swapped = flags & ~(MOUSE_LEFT_BUTTON_DOWN | MOUSE_LEFT_BUTTON_UP |
                                MOUSE_RIGHT_BUTTON_DOWN | MOUSE_RIGHT_BUTTON_UP);
            if (flags & MOUSE_LEFT_BUTTON_DOWN)  swapped |= MOUSE_RIGHT_BUTTON_DOWN;
            if (flags & MOUSE_LEFT_BUTTON_UP)    swapped |= MOUSE_RIGHT_BUTTON_UP;
            if (flags & MOUSE_RIGHT_BUTTON_DOWN) swapped |= MOUSE_LEFT_BUTTON_DOWN;
            if (flags & MOUSE_RIGHT_BUTTON_UP)   swapped |= MOUSE_LEFT_BUTTON_UP;
            p->ButtonFlags = swapped;
        }
        if (g_MfSettings.InvertY && !(p->Flags & MOUSE_MOVE_ABSOLUTE)) {
            p->LastY = -p->LastY;
        }
    }

    if (g_MfSettings.LogPackets) {
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_INPUT, "%d packets (total %d)",
                    (int)(InputDataEnd - InputDataStart),
                    InterlockedAdd(&ctx->PacketCount, (LONG)(InputDataEnd - InputDataStart)));
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnectData.ClassService)(
        ctx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
