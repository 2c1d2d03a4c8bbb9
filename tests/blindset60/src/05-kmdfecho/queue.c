/*
 * queue.c - I/O handlers for KmdfEcho
 */
#include "driver.h"

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PCONTROL_DEVICE_EXTENSION ext = ControlGetData(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID    in;
    PKEVENT  ev;

    if (Length > ECHO_BUFFER_SIZE) {
        Length = ECHO_BUFFER_SIZE;
    }

    status = WdfRequestRetrieveInputBuffer(Request, Length, &in, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ext->Lock);
    RtlCopyMemory(ext->Buffer, in, Length);
    ext->Length = (ULONG)Length;
    ext->Stats.Writes++;
    ext->Stats.BytesStored = (ULONG)Length;
    ev = ext->UserEvent;
    if (ev != NULL) {
        KeSetEvent(ev, IO_NO_INCREMENT, FALSE);
    }
    WdfSpinLockRelease(ext->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PCONTROL_DEVICE_EXTENSION ext = ControlGetData(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID    out;
    size_t   n;

    status = WdfRequestRetrieveOutputBuffer(Request, 1, &out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ext->Lock);
    n = min(Length, (size_t)ext->Length);
    RtlCopyMemory(out, ext->Buffer, n);
    ext->Stats.Reads++;
    WdfSpinLockRelease(ext->Lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, n);
}

//
// Runs in the context of the thread that sent the request. The event handle
// from IOCTL_ECHO_REGISTER_EVENT is only meaningful here; everything else
// goes on to the queue.
//
VOID
EchoEvtIoInCallerContext(
    _In_ WDFDEVICE  Device,
    _In_ WDFREQUEST Request
    )
{
    PCONTROL_DEVICE_EXTENSION ext = ControlGetData(Device);
    WDF_REQUEST_PARAMETERS    params;
    NTSTATUS                  status;
    PVOID                     buf;
    PKEVENT                   ev, old;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    if (params.Type != WdfRequestTypeDeviceControl ||
        params.Parameters.DeviceIoControl.IoControlCode != IOCTL_ECHO_REGISTER_EVENT) {
        status = WdfDeviceEnqueueRequest(Device, Request);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
        }
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(HANDLE), &buf, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = ObReferenceObjectByHandle(*(PHANDLE)buf,
                                       EVENT_MODIFY_STATE,
                                       *ExEventObjectType,
                                       UserMode,
                                       (PVOID*)&ev,
                                       NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ext->Lock);
    old = ext->UserEvent;
    ext->UserEvent  = ev;
    ext->EventOwner = WdfRequestGetFileObject(Request);
    WdfSpinLockRelease(ext->Lock);

    if (old != NULL) {
        ObDereferenceObject(old);
    }

    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID
EchoEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PCONTROL_DEVICE_EXTENSION ext = ControlGetData(WdfIoQueueGetDevice(Queue));
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID     buf;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_ECHO_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ECHO_STATS), &buf, NULL);
        if (!NT_SUCCESS(status)) break;

        WdfSpinLockAcquire(ext->Lock);
        RtlCopyMemory(buf, &ext->Stats, sizeof(ECHO_STATS));
        WdfSpinLockRelease(ext->Lock);
        info = sizeof(ECHO_STATS);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
