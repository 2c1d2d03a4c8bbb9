/*++
Module Name:
    device.c

Abstract:
    Device add, VHF lifetime, report timer and the IOCTL queue.

    Lifetime:
      EvtDeviceAdd      : WdfDeviceCreate, timer, queue, VhfCreate, VhfStart
      D0Entry / D0Exit  : start / stop (and wait for) the report timer
      EvtCleanupCallback: VhfDelete(Wait = TRUE)
--*/
#include "vpad.h"

static const UCHAR g_ReportDescriptor[] = {
    0x05, 0x01,         // Usage Page (Generic Desktop)
    0x09, 0x05,         // Usage (Game Pad)
    0xA1, 0x01,         // Collection (Application)
    0x85, VPAD_REPORT_ID, //   Report ID
    0x05, 0x09,         //   Usage Page (Button)
    0x19, 0x01,         //   Usage Minimum (1)
    0x29, 0x10,         //   Usage Maximum (16)
    0x15, 0x00,         //   Logical Minimum (0)
    0x25, 0x01,         //   Logical Maximum (1)
    0x75, 0x01,         //   Report Size (1)
    0x95, 0x10,         //   Report Count (16)
    0x81, 0x02,         //   Input (Data,Var,Abs)
    0x05, 0x01,         //   Usage Page (Generic Desktop)
    0x09, 0x30,         //   Usage (X)
    0x09, 0x31,         //   Usage (Y)
    0x15, 0x81,         //   Logical Minimum (-127)
    0x25, 0x7F,         //   Logical Maximum (127)
    0x75, 0x08,         //   Report Size (8)
    0x95, 0x02,         //   Report Count (2)
    0x81, 0x02,         //   Input (Data,Var,Abs)
    0xC0                // End Collection
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VpadEvtDeviceAdd)
#pragma alloc_text(PAGE, VpadEvtDeviceCleanup)
#endif

NTSTATUS
VpadEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG timerConfig;
    WDF_IO_QUEUE_CONFIG queueConfig;
    VHF_CONFIG vhfConfig;
    PVPAD_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDeviceD0Entry = VpadEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = VpadEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VPAD_CONTEXT);
    attributes.EvtCleanupCallback = VpadEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    //
    // From here on the device owns everything: if we fail, the framework
    // deletes the device and VpadEvtDeviceCleanup runs.
    //
    ctx = VpadGetContext(device);
    ctx->Device = device;
    ctx->VhfHandle = NULL;
    KeInitializeSpinLock(&ctx->ReportLock);
    RtlZeroMemory(&ctx->Report, sizeof(ctx->Report));
    ctx->Report.ReportId = VPAD_REPORT_ID;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, VpadEvtReportTimer, g_VpadParams.ReportIntervalMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->ReportTimer);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("WdfTimerCreate failed 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = VpadEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("WdfIoQueueCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VPAD, NULL);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("WdfDeviceCreateDeviceInterface failed 0x%08X", status);
        return status;
    }

    VHF_CONFIG_INIT(&vhfConfig,
                    WdfDeviceWdmGetDeviceObject(device),
                    (USHORT)sizeof(g_ReportDescriptor),
                    (PUCHAR)g_ReportDescriptor);
    vhfConfig.VhfClientContext = ctx;
    vhfConfig.VendorID = 0x1209;
    vhfConfig.ProductID = 0x7650;

    status = VhfCreate(&vhfConfig, &ctx->VhfHandle);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("VhfCreate failed 0x%08X", status);
        ctx->VhfHandle = NULL;
        return status;
    }

    status = VhfStart(ctx->VhfHandle);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("VhfStart failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
VpadEvtDeviceCleanup(_In_ WDFOBJECT Object)
{
    PVPAD_CONTEXT ctx = VpadGetContext((WDFDEVICE)Object);

    PAGED_CODE();

    if (ctx->VhfHandle != NULL) {
        VhfDelete(ctx->VhfHandle, TRUE);
        ctx->VhfHandle = NULL;
    }
}

NTSTATUS
VpadEvtDeviceD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    PVPAD_CONTEXT ctx = VpadGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->ReportTimer, WDF_REL_TIMEOUT_IN_MS(g_VpadParams.ReportIntervalMs));
    return STATUS_SUCCESS;
}

NTSTATUS
VpadEvtDeviceD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    PVPAD_CONTEXT ctx = VpadGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    // wait for a running timer callback so nothing touches VHF after this
    WdfTimerStop(ctx->ReportTimer, TRUE);
    return STATUS_SUCCESS;
}

VOID
VpadEvtReportTimer(_In_ WDFTIMER Timer)
{
    PVPAD_CONTEXT ctx = VpadGetContext(WdfTimerGetParentObject(Timer));
    VPAD_INPUT_REPORT report;
    HID_XFER_PACKET packet;
    KIRQL irql;

    if (ctx->VhfHandle == NULL) {
        return;
    }

    KeAcquireSpinLock(&ctx->ReportLock, &irql);
    report = ctx->Report;
    KeReleaseSpinLock(&ctx->ReportLock, irql);

    packet.reportBuffer = (PUCHAR)&report;
    packet.reportBufferLen = sizeof(report);
    packet.reportId = VPAD_REPORT_ID;

    (VOID)VhfReadReportSubmit(ctx->VhfHandle, &packet);
}

VOID
VpadEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PVPAD_CONTEXT ctx = VpadGetContext(WdfIoQueueGetDevice(Queue));
    PVPAD_STATE state;
    NTSTATUS status;
    KIRQL irql;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_VPAD_SET_STATE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(VPAD_STATE), (PVOID *)&state, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        KeAcquireSpinLock(&ctx->ReportLock, &irql);
        ctx->Report.Buttons = state->Buttons;
        ctx->Report.X = state->X;
        ctx->Report.Y = state->Y;
        KeReleaseSpinLock(&ctx->ReportLock, irql);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}
