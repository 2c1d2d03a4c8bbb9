//
// queue.cpp - read/write/ioctl for kramdisk
//
#include "kramdisk.h"
#include "queue.tmh"

namespace kr {

static EVT_WDF_IO_QUEUE_IO_READ           EvtIoRead;
static EVT_WDF_IO_QUEUE_IO_WRITE          EvtIoWrite;
static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

NTSTATUS
QueueInitialize(_In_ WDFDEVICE Device, _Out_ WDFQUEUE* Queue)
{
    WDF_IO_QUEUE_CONFIG config;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoRead          = EvtIoRead;
    config.EvtIoWrite         = EvtIoWrite;
    config.EvtIoDeviceControl = EvtIoDeviceControl;

    return WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, Queue);
}

static VOID
EvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    LONGLONG offset = params.Parameters.Read.DeviceOffset;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    if (RamImage::InRange(ctx, offset, Length)) {
        WDFMEMORY memory;
        status = WdfRequestRetrieveOutputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyFromBuffer(memory, 0, ctx->Image + offset, Length);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

static VOID
EvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    LONGLONG offset = params.Parameters.Write.DeviceOffset;
    NTSTATUS status = STATUS_INVALID_PARAMETER;

    if (RamImage::InRange(ctx, offset, Length)) {
        WDFMEMORY memory;
        status = WdfRequestRetrieveInputMemory(Request, &memory);
        if (NT_SUCCESS(status)) {
            status = WdfMemoryCopyToBuffer(memory, 0, ctx->Image + offset, Length);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

static VOID
EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                   _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;
    PVOID     buffer = nullptr;

    auto reply = [&](size_t size, auto fill) {
        status = WdfRequestRetrieveOutputBuffer(Request, size, &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            fill(buffer);
            info = size;
        }
    };

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        reply(sizeof(DISK_GEOMETRY), [&](PVOID b) { RtlCopyMemory(b, &ctx->Geometry, sizeof(DISK_GEOMETRY)); });
        break;
    case IOCTL_DISK_GET_LENGTH_INFO:
        reply(sizeof(GET_LENGTH_INFORMATION), [&](PVOID b) {
            static_cast<PGET_LENGTH_INFORMATION>(b)->Length.QuadPart = static_cast<LONGLONG>(ctx->Size);
        });
        break;
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        status = STATUS_SUCCESS;
        break;
    default:
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "unhandled ioctl 0x%08X", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace kr
