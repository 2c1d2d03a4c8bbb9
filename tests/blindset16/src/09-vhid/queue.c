/*++

Copyright (c) VHid project.

Module Name:

    queue.c

Abstract:

    Internal IOCTL dispatch for the HID class driver's requests.

Environment:

    Kernel mode only

--*/

#include "vhid.h"
#include "queue.tmh"

static const WCHAR VhidManufacturer[] = L"VHid Project";
static const WCHAR VhidProduct[]      = L"VHid Virtual Gamepad";
static const WCHAR VhidSerial[]       = L"0000-0001";

NTSTATUS
VhidQueueInitialize(
    _In_ WDFDEVICE Device,
    _Inout_ PVHID_DEVICE_CONTEXT DeviceContext
    )
{
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = VhidEvtInternalDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &DeviceContext->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue %!STATUS!", status);
        return status;
    }

    //
    // Read-report requests park here until the timer fires.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &DeviceContext->ManualQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "manual queue %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

static
NTSTATUS
VhidCopyToRequest(
    _In_ WDFREQUEST Request,
    _In_reads_bytes_(Length) const VOID *Source,
    _In_ size_t Length
    )
{
    NTSTATUS status;
    WDFMEMORY memory;
    size_t outLength;

    status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfMemoryGetBuffer(memory, &outLength);
    if (outLength < Length) {
        return STATUS_INVALID_BUFFER_SIZE;
    }

    status = WdfMemoryCopyFromBuffer(memory, 0, (PVOID)Source, Length);
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, Length);
    }
    return status;
}

static
NTSTATUS
VhidGetString(
    _In_ WDFREQUEST Request
    )
{
    WDF_REQUEST_PARAMETERS params;
    ULONG stringId;
    PCWSTR string;
    size_t length;

    WDF_REQUEST_PARAMETERS_INIT(&params);
    WdfRequestGetParameters(Request, &params);

    stringId = (ULONG)(ULONG_PTR)params.Parameters.DeviceIoControl.Type3InputBuffer & 0xFFFF;

    switch (stringId) {
    case HID_STRING_ID_IMANUFACTURER:
        string = VhidManufacturer;
        length = sizeof(VhidManufacturer);
        break;
    case HID_STRING_ID_IPRODUCT:
        string = VhidProduct;
        length = sizeof(VhidProduct);
        break;
    case HID_STRING_ID_ISERIALNUMBER:
        string = VhidSerial;
        length = sizeof(VhidSerial);
        break;
    default:
        return STATUS_INVALID_PARAMETER;
    }

    return VhidCopyToRequest(Request, string, length);
}

VOID
VhidEvtInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    NTSTATUS status;
    BOOLEAN completeRequest = TRUE;
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PVHID_DEVICE_CONTEXT ctx = VhidGetDeviceContext(device);

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = VhidCopyToRequest(Request, &ctx->HidDescriptor, ctx->HidDescriptor.bLength);
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        status = VhidCopyToRequest(Request, &ctx->Attributes, sizeof(HID_DEVICE_ATTRIBUTES));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = VhidCopyToRequest(Request, ctx->ReportDescriptor,
                                   ctx->HidDescriptor.DescriptorList[0].wReportLength);
        break;

    case IOCTL_HID_READ_REPORT:
        status = VhidReadReport(ctx, Request, &completeRequest);
        break;

    case IOCTL_HID_WRITE_REPORT:
    case IOCTL_UMDF_HID_SET_OUTPUT_REPORT:
        status = VhidWriteReport(ctx, Request);
        break;

    case IOCTL_HID_GET_STRING:
        status = VhidGetString(Request);
        break;

    case IOCTL_HID_ACTIVATE_DEVICE:
    case IOCTL_HID_DEACTIVATE_DEVICE:
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_NOT_IMPLEMENTED;
        break;
    }

    if (completeRequest) {
        WdfRequestComplete(Request, status);
    }
}
