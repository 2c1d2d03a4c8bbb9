/*
 * queue.c - I/O for kvdisk
 */
#include "kvdisk.h"

NTSTATUS
KvQueueInitialize(
    _In_  WDFDEVICE Device,
    _Out_ WDFQUEUE *Queue
    )
{
    WDF_IO_QUEUE_CONFIG qcfg;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
    qcfg.EvtIoRead          = KvEvtIoRead;
    qcfg.EvtIoWrite         = KvEvtIoWrite;
    qcfg.EvtIoDeviceControl = KvEvtIoDeviceControl;

    return WdfIoQueueCreate(Device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, Queue);
}

static BOOLEAN
KvCheckRange(_In_ PKV_DEVICE_CONTEXT Ctx, _In_ LONGLONG Offset, _In_ size_t Length)
{
    if (Offset < 0 || (Offset % KV_SECTOR) != 0 || (Length % KV_SECTOR) != 0) {
        return FALSE;
    }
    return ((ULONGLONG)Offset + Length <= Ctx->ImageSize);
}

VOID
KvEvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PKV_DEVICE_CONTEXT     ctx = KvGetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY              mem;
    NTSTATUS               status;
    LONGLONG               off;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    off = params.Parameters.Read.DeviceOffset;

    if (!KvCheckRange(ctx, off, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }
    status = WdfRequestRetrieveOutputMemory(Request, &mem);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(mem, 0, ctx->Image + off, Length);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
KvEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PKV_DEVICE_CONTEXT     ctx = KvGetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY              mem;
    NTSTATUS               status;
    LONGLONG               off;

    if (ctx->ReadOnly) {
        WdfRequestComplete(Request, STATUS_MEDIA_WRITE_PROTECTED);
        return;
    }

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    off = params.Parameters.Write.DeviceOffset;

    if (!KvCheckRange(ctx, off, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }
    status = WdfRequestRetrieveInputMemory(Request, &mem);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyToBuffer(mem, 0, ctx->Image + off, Length);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
KvEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PKV_DEVICE_CONTEXT ctx = KvGetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS           status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR          info = 0;
    PVOID              buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DISK_GEOMETRY), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &ctx->Geometry, sizeof(DISK_GEOMETRY));
            info = sizeof(DISK_GEOMETRY);
        }
        break;

    case IOCTL_DISK_GET_LENGTH_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(GET_LENGTH_INFORMATION), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((PGET_LENGTH_INFORMATION)buffer)->Length.QuadPart = (LONGLONG)ctx->ImageSize;
            info = sizeof(GET_LENGTH_INFORMATION);
        }
        break;

    case IOCTL_DISK_IS_WRITABLE:
        status = ctx->ReadOnly ? STATUS_MEDIA_WRITE_PROTECTED : STATUS_SUCCESS;
        break;

    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        status = STATUS_SUCCESS;
        break;

    default:
        TraceEvents(TRACE_LEVEL_VERBOSE, DBG_IO, "ioctl 0x%08x", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
