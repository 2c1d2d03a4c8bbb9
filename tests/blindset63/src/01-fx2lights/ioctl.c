/*
 * ioctl.c - tray app IOCTLs, vendor requests and the switch interrupt pipe
 */
#include "fx2lights.h"
#include "ioctl.tmh"

NTSTATUS
Fx2SendVendorCommand(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ BOOLEAN ToDevice,
    _In_ UCHAR Command,
    _Inout_updates_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    WDF_USB_CONTROL_SETUP_PACKET    packet;
    WDF_MEMORY_DESCRIPTOR           memDesc;
    ULONG                           bytes = 0;
    NTSTATUS                        status;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet,
                                             ToDevice ? BmRequestHostToDevice
                                                      : BmRequestDeviceToHost,
                                             BmRequestToDevice,
                                             Command,
                                             0,
                                             0);

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, Buffer, Length);

    status = WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice,
                                                                WDF_NO_HANDLE,
                                                                NULL,
                                                                &packet,
                                                                &memDesc,
                                                                &bytes);

    TraceEvents(TRACE_LEVEL_VERBOSE, DBG_IOCTL,
                "vendor cmd 0x%02x -> %!STATUS! (%u bytes)", Command, status, bytes);
    return status;
}

VOID
Fx2EvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE       device = WdfIoQueueGetDevice(Queue);
    PDEVICE_CONTEXT pDevContext = GetDeviceContext(device);
    PUCHAR          buffer = NULL;
    size_t          length = 0;
    ULONG_PTR       info = 0;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_FX2_SET_BARGRAPH:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), (PVOID*)&buffer, &length);
        if (NT_SUCCESS(status)) {
            status = Fx2SendVendorCommand(pDevContext, TRUE, FX2_CMD_SET_BAR_GRAPH,
                                          buffer, sizeof(UCHAR));
        }
        break;

    case IOCTL_FX2_WAIT_SWITCHES:
        //
        // Completed from the interrupt pipe reader when a switch moves.
        //
        status = WdfRequestForwardToIoQueue(Request, pDevContext->SwitchWaitQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
Fx2EvtInterruptReadComplete(
    _In_ WDFUSBPIPE Pipe,
    _In_ WDFMEMORY  Buffer,
    _In_ size_t     NumBytesTransferred,
    _In_ WDFCONTEXT Context
    )
{
    PDEVICE_CONTEXT pDevContext = (PDEVICE_CONTEXT)Context;
    WDFREQUEST      request;
    PUCHAR          switches;
    PUCHAR          out;
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred == 0) {
        return;
    }

    switches = (PUCHAR)WdfMemoryGetBuffer(Buffer, NULL);
    pDevContext->SwitchState = *switches;

    //
    // Wake up everybody who was waiting for a switch change.
    //
    for (;;) {
        status = WdfIoQueueRetrieveNextRequest(pDevContext->SwitchWaitQueue, &request);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = WdfRequestRetrieveOutputBuffer(request, sizeof(UCHAR), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = pDevContext->SwitchState;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(UCHAR));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}
