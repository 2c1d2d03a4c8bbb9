//
// queue.c - default queue for the control device
//
#include "driver.h"
#include "queue.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, KmemQueueInitialize)
#endif

NTSTATUS
KmemQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    NTSTATUS status;
    WDFQUEUE queue;
    WDF_IO_QUEUE_CONFIG queueConfig;

    PAGED_CODE();

    //
    // sequential is plenty, one trainer at a time
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = KmemEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS
KmemDoCopy(
    _In_ PKMEM_COPY Req,
    _In_ BOOLEAN ToTarget,
    _Out_ PSIZE_T Done
    )
{
    NTSTATUS status;
    PEPROCESS target = NULL;

    *Done = 0;

    if (Req->Size == 0 || Req->Size > KMEM_MAX_XFER) {
        return STATUS_INVALID_PARAMETER;
    }

    status = PsLookupProcessByProcessId((HANDLE)(ULONG_PTR)Req->Pid, &target);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // UserMode as previous mode so the caller's side gets probed
    //
    if (ToTarget) {
        status = MmCopyVirtualMemory(PsGetCurrentProcess(), (PVOID)Req->Local,
                                     target, (PVOID)Req->Remote,
                                     (SIZE_T)Req->Size, UserMode, Done);
    } else {
        status = MmCopyVirtualMemory(target, (PVOID)Req->Remote,
                                     PsGetCurrentProcess(), (PVOID)Req->Local,
                                     (SIZE_T)Req->Size, UserMode, Done);
    }

    ObDereferenceObject(target);
    return status;
}

VOID
KmemEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status;
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    PKMEM_COPY req = NULL;
    PULONG ver = NULL;
    SIZE_T done = 0;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_KMEM_READ:
    case IOCTL_KMEM_WRITE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(KMEM_COPY), (PVOID*)&req, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = KmemDoCopy(req, IoControlCode == IOCTL_KMEM_WRITE, &done);
        if (IoControlCode == IOCTL_KMEM_WRITE) {
            ctx->Writes++;
        } else {
            ctx->Reads++;
        }
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "copy pid=%I64u size=%I64u -> %!STATUS! (%Iu)",
                    req->Pid, req->Size, status, done);
        break;

    case IOCTL_KMEM_VERSION:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&ver, NULL);
        if (NT_SUCCESS(status)) {
            *ver = KMEM_VERSION;
            info = sizeof(ULONG);
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
