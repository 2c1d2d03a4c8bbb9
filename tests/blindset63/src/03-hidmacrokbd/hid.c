/*
 * hid.c - HID IOCTLs, read-report parking queue and the replay timer
 */
#include "hidmacro.h"

#define REPORT_ID_KEYBOARD  0x01

const UCHAR g_ReportDescriptor[] = {
    0x05, 0x01,         // USAGE_PAGE (Generic Desktop)
    0x09, 0x06,         // USAGE (Keyboard)
    0xA1, 0x01,         // COLLECTION (Application)
    0x85, REPORT_ID_KEYBOARD, //   REPORT_ID (1)
    0x05, 0x07,         //   USAGE_PAGE (Keyboard)
    0x19, 0xE0,         //   USAGE_MINIMUM (Left Control)
    0x29, 0xE7,         //   USAGE_MAXIMUM (Right GUI)
    0x15, 0x00,         //   LOGICAL_MINIMUM (0)
    0x25, 0x01,         //   LOGICAL_MAXIMUM (1)
    0x75, 0x01,         //   REPORT_SIZE (1)
    0x95, 0x08,         //   REPORT_COUNT (8)
    0x81, 0x02,         //   INPUT (Data,Var,Abs)
    0x95, 0x01,         //   REPORT_COUNT (1)
    0x75, 0x08,         //   REPORT_SIZE (8)
    0x81, 0x03,         //   INPUT (Cnst,Var,Abs)
    0x95, 0x06,         //   REPORT_COUNT (6)
    0x75, 0x08,         //   REPORT_SIZE (8)
    0x15, 0x00,         //   LOGICAL_MINIMUM (0)
    0x25, 0x65,         //   LOGICAL_MAXIMUM (101)
    0x05, 0x07,         //   USAGE_PAGE (Keyboard)
    0x19, 0x00,         //   USAGE_MINIMUM (0)
    0x29, 0x65,         //   USAGE_MAXIMUM (101)
    0x81, 0x00,         //   INPUT (Data,Ary,Abs)
    0xC0                // END_COLLECTION
};

const USHORT g_ReportDescriptorLength = sizeof(g_ReportDescriptor);

HID_DESCRIPTOR g_HidDescriptor = {
    0x09,       // bLength
    0x21,       // bDescriptorType (HID)
    0x0100,     // bcdHID
    0x00,       // bCountry
    0x01,       // bNumDescriptors
    {
        0x22,                       // report descriptor
        sizeof(g_ReportDescriptor)  // wReportLength
    }
};

NTSTATUS
HidMacroQueueInitialize(
    _In_ WDFDEVICE       Device,
    _In_ PDEVICE_CONTEXT Ctx
    )
{
    NTSTATUS                status;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDF_TIMER_CONFIG        timerConfig;
    WDF_OBJECT_ATTRIBUTES   attributes;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = HidMacroEvtInternalDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &Ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        DBGPRINT(("hidmacro: default queue 0x%x\n", status));
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &Ctx->ReadReportQueue);
    if (!NT_SUCCESS(status)) {
        DBGPRINT(("hidmacro: read queue 0x%x\n", status));
        return status;
    }

    //
    // One-shot timer, re-armed from its own callback so RepeatMs can change.
    //
    WDF_TIMER_CONFIG_INIT(&timerConfig, HidMacroEvtReplayTimer);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Ctx->ReadReportQueue;

    status = WdfTimerCreate(&timerConfig, &attributes, &Ctx->ReplayTimer);
    if (!NT_SUCCESS(status)) {
        DBGPRINT(("hidmacro: timer 0x%x\n", status));
    }
    return status;
}

static NTSTATUS
CopyToRequest(
    _In_ WDFREQUEST Request,
    _In_reads_bytes_(Length) const VOID* Source,
    _In_ size_t Length
    )
{
    WDFMEMORY   memory;
    NTSTATUS    status;

    status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfMemoryCopyFromBuffer(memory, 0, (PVOID)Source, Length);
    if (NT_SUCCESS(status)) {
        WdfRequestSetInformation(Request, Length);
    }
    return status;
}

VOID
HidMacroEvtInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS        status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        status = CopyToRequest(Request, &g_HidDescriptor, sizeof(g_HidDescriptor));
        break;

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        status = CopyToRequest(Request, g_ReportDescriptor, g_ReportDescriptorLength);
        break;

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        status = CopyToRequest(Request, &ctx->Attributes, sizeof(HID_DEVICE_ATTRIBUTES));
        break;

    case IOCTL_HID_READ_REPORT:
        status = WdfRequestForwardToIoQueue(Request, ctx->ReadReportQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }

    WdfRequestComplete(Request, status);
}

VOID
HidMacroEvtReplayTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFQUEUE                queue = (WDFQUEUE)WdfTimerGetParentObject(Timer);
    PDEVICE_CONTEXT         ctx = GetDeviceContext(WdfIoQueueGetDevice(queue));
    HIDMACRO_INPUT_REPORT   report;
    WDFREQUEST              request;
    NTSTATUS                status;

    status = WdfIoQueueRetrieveNextRequest(queue, &request);
    if (NT_SUCCESS(status)) {
        RtlZeroMemory(&report, sizeof(report));
        report.ReportId = REPORT_ID_KEYBOARD;

        //
        // Alternate key-down / key-up so every character is typed once.
        //
        if (!ctx->KeyDown && ctx->KeyCount != 0) {
            report.Keys[0] = ctx->Keys[ctx->KeyIndex];
            ctx->KeyIndex = (ctx->KeyIndex + 1) % ctx->KeyCount;
        }
        ctx->KeyDown = !ctx->KeyDown;

        status = CopyToRequest(request, &report, sizeof(report));
        WdfRequestComplete(request, status);
    }

    WdfTimerStart(Timer, WDF_REL_TIMEOUT_IN_MS(ctx->RepeatMs));
}
