/*
 * device.c - device creation and the I/O queue of kramdisk
 */
#include "ramdisk.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KrdEvtDeviceAdd)
#endif

static VOID
KrdBuildGeometry(
    _Inout_ PDEVICE_CONTEXT Ctx
    )
{
    ULONG sectors = (ULONG)(Ctx->ImageSize / KRD_SECTOR_SIZE);

    Ctx->Geometry.BytesPerSector    = KRD_SECTOR_SIZE;
    Ctx->Geometry.SectorsPerTrack   = KRD_SECTORS_PER_TRK;
    Ctx->Geometry.TracksPerCylinder = KRD_TRACKS_PER_CYL;
    Ctx->Geometry.Cylinders.QuadPart =
        sectors / (KRD_SECTORS_PER_TRK * KRD_TRACKS_PER_CYL);
    Ctx->Geometry.MediaType         = FixedMedia;
}

NTSTATUS
KrdEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    PDEVICE_CONTEXT ctx;
    ULONG sizeMb;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, KRD_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, KRD_DOS_NAME);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    status = WdfDeviceInitAssignName(DeviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceInitAssignName failed %!STATUS!", status);
        return status;
    }

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    ctx = DeviceGetContext(device);

    //
    // The image lives exactly as long as the device object, so we hang it
    // off the device context and let the framework take it down with it.
    //
    sizeMb = KrdQueryDiskSizeMb(Driver);
    ctx->ImageSize = (SIZE_T)sizeMb * 1024 * 1024;
    ctx->Image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, ctx->ImageSize, KRD_TAG);
    if (ctx->Image == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "no memory for a %u MB image", sizeMb);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KrdBuildGeometry(ctx);

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateSymbolicLink failed %!STATUS!", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead          = KrdEvtIoRead;
    queueConfig.EvtIoWrite         = KrdEvtIoWrite;
    queueConfig.EvtIoDeviceControl = KrdEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE,
                "%!FUNC! Exit, %u MB image at %p", sizeMb, ctx->Image);
    return STATUS_SUCCESS;
}

static BOOLEAN
KrdCheckRange(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ LONGLONG Offset,
    _In_ size_t Length
    )
{
    if (Offset < 0 || (Offset % KRD_SECTOR_SIZE) != 0 || (Length % KRD_SECTOR_SIZE) != 0) {
        return FALSE;
    }
    return ((ULONGLONG)Offset + Length) <= Ctx->ImageSize;
}

VOID
KrdEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status;
    LONGLONG offset;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset = params.Parameters.Read.DeviceOffset;

    if (!KrdCheckRange(ctx, offset, Length)) {
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_PARAMETER, 0);
        return;
    }

    status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyFromBuffer(memory, 0, ctx->Image + offset, Length);
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
KrdEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_PARAMETERS params;
    WDFMEMORY memory;
    NTSTATUS status;
    LONGLONG offset;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);
    offset = params.Parameters.Write.DeviceOffset;

    if (!KrdCheckRange(ctx, offset, Length)) {
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_PARAMETER, 0);
        return;
    }

    status = WdfRequestRetrieveInputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfMemoryCopyToBuffer(memory, 0, ctx->Image + offset, Length);
    }

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? Length : 0);
}

VOID
KrdEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer;

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
    case IOCTL_DISK_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY:
    case IOCTL_STORAGE_CHECK_VERIFY2:
        status = STATUS_SUCCESS;
        break;

    default:
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "unhandled ioctl 0x%x", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
