//
// device.cpp - device object, image and I/O of ramdiskxx
//
#include "ramdisk.h"
#include "device.tmh"

namespace rdx {

namespace {

void FillGeometry(RDX_DEVICE_CONTEXT* ctx)
{
    const ULONG spt = 32, tpc = 2;
    ctx->Geometry.MediaType = FixedMedia;
    ctx->Geometry.BytesPerSector = RDX_SECTOR;
    ctx->Geometry.SectorsPerTrack = spt;
    ctx->Geometry.TracksPerCylinder = tpc;
    ctx->Geometry.Cylinders.QuadPart = (ctx->ImageSize / RDX_SECTOR) / (spt * tpc);
}

bool RangeOk(const RDX_DEVICE_CONTEXT* ctx, LONGLONG offset, size_t length)
{
    return offset >= 0 &&
           (offset % RDX_SECTOR) == 0 &&
           (length % RDX_SECTOR) == 0 &&
           static_cast<ULONGLONG>(offset) + length <= ctx->ImageSize;
}

} // namespace

_Use_decl_annotations_
NTSTATUS Device::EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    DECLARE_CONST_UNICODE_STRING(ntName, RDX_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, RDX_DOS_NAME);

    const SIZE_T bytes = static_cast<SIZE_T>(Driver::DiskSizeMb(Driver)) * 1024 * 1024;

    // Allocate first: if this fails there is nothing else to undo.
    PoolBuffer image(bytes, RDX_TAG);
    if (!image) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no memory for %Iu bytes", bytes);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "AssignName %!STATUS!", status);
        return status;
    }
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, RDX_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = Device::EvtCleanup;

    WDFDEVICE device;
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;      // ~PoolBuffer frees the image
    }

    // From here on the device owns the image, EvtCleanup releases it.
    auto ctx = RdxGetContext(device);
    ctx->ImageSize = bytes;
    ctx->Image = image.Release();
    FillGeometry(ctx);

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "SymbolicLink %!STATUS!", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead          = Device::EvtIoRead;
    queueConfig.EvtIoWrite         = Device::EvtIoWrite;
    queueConfig.EvtIoDeviceControl = Device::EvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%Iu byte disk ready", bytes);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID Device::EvtCleanup(WDFOBJECT Object)
{
    auto ctx = RdxGetContext(Object);

    if (ctx->Image != nullptr) {
        ExFreePoolWithTag(ctx->Image, RDX_TAG);
        ctx->Image = nullptr;
    }
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "image released");
}

_Use_decl_annotations_
VOID Device::EvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = RdxGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    const LONGLONG offset = params.Parameters.Read.DeviceOffset;
    if (!RangeOk(ctx, offset, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    WDFMEMORY memory;
    NTSTATUS status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(memory, 0, ctx->Image + offset, Length);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

_Use_decl_annotations_
VOID Device::EvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = RdxGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    const LONGLONG offset = params.Parameters.Write.DeviceOffset;
    if (!RangeOk(ctx, offset, Length)) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    WDFMEMORY memory;
    NTSTATUS status = WdfRequestRetrieveInputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyToBuffer(memory, 0, ctx->Image + offset, Length);
    }
    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

_Use_decl_annotations_
VOID Device::EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                                size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = RdxGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID out = nullptr;

    switch (IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DISK_GEOMETRY), &out, nullptr);
        if (NT_SUCCESS(status)) {
            *static_cast<PDISK_GEOMETRY>(out) = ctx->Geometry;
            info = sizeof(DISK_GEOMETRY);
        }
        break;
    case IOCTL_DISK_GET_LENGTH_INFO:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(GET_LENGTH_INFORMATION), &out, nullptr);
        if (NT_SUCCESS(status)) {
            static_cast<PGET_LENGTH_INFORMATION>(out)->Length.QuadPart =
                static_cast<LONGLONG>(ctx->ImageSize);
            info = sizeof(GET_LENGTH_INFORMATION);
        }
        break;
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
        status = STATUS_SUCCESS;
        break;
    default:
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_IO, "ioctl 0x%x not handled", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace rdx
