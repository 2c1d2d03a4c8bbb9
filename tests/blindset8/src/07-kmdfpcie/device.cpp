// device.cpp - pcdaq device object, queues, timer, work item, interrupt, DMA.
//
// Every framework object below is parented (directly or via the device)
// so the framework deletes it; the cleanup callbacks only stop activity.

#include "pcdaq.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PcdEvtDeviceAdd)
#pragma alloc_text(PAGE, PcdEvtPrepareHardware)
#pragma alloc_text(PAGE, PcdEvtReleaseHardware)
#endif

static NTSTATUS
PcdCreateQueues(_In_ WDFDEVICE Device, _In_ DEVICE_CONTEXT* Ctx)
{
    WDF_IO_QUEUE_CONFIG queueConfig;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = PcdEvtIoDeviceControl;

    NTSTATUS status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->IoctlQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue %!STATUS!", status);
        return status;
    }

    // Reads park here until the DPC has data.
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "read queue %!STATUS!", status);
        return status;
    }

    return WdfDeviceConfigureRequestDispatching(Device, Ctx->ReadQueue, WdfRequestTypeRead);
}

static NTSTATUS
PcdCreateTimerAndWorkItem(_In_ WDFDEVICE Device, _In_ DEVICE_CONTEXT* Ctx)
{
    WDF_TIMER_CONFIG timerConfig;
    WDF_WORKITEM_CONFIG workConfig;
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, PcdEvtWatchdog, PCD_WATCHDOG_PERIOD_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    NTSTATUS status = WdfTimerCreate(&timerConfig, &attributes, &Ctx->Watchdog);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_WORKITEM_CONFIG_INIT(&workConfig, PcdEvtRecovery);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    return WdfWorkItemCreate(&workConfig, &attributes, &Ctx->RecoveryWork);
}

_Use_decl_annotations_
NTSTATUS
PcdEvtDeviceAdd(
    WDFDRIVER       Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = PcdEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = PcdEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = PcdEvtD0Entry;
    pnp.EvtDeviceD0Exit          = PcdEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = PcdEvtDeviceCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }

    auto ctx = PcdGetContext(device);
    ctx->Device = device;

    status = PcdCreateQueues(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PcdCreateTimerAndWorkItem(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_INTERRUPT_CONFIG interruptConfig;
    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, PcdEvtIsr, PcdEvtDpc);
    status = WdfInterruptCreate(device, &interruptConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_INTERRUPT, "WdfInterruptCreate %!STATUS!", status);
        return status;
    }

    WdfDeviceSetAlignmentRequirement(device, FILE_LONG_ALIGNMENT);

    WDF_DMA_ENABLER_CONFIG dmaConfig;
    WDF_DMA_ENABLER_CONFIG_INIT(&dmaConfig, WdfDmaProfileScatterGather64, PCD_MAX_TRANSFER);
    status = WdfDmaEnablerCreate(device, &dmaConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->DmaEnabler);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DMA, "WdfDmaEnablerCreate %!STATUS!", status);
        return status;
    }

    // Returning failure above is enough: the framework deletes the device
    // and everything parented to it.
    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_PCDAQ, nullptr);
}

_Use_decl_annotations_
VOID
PcdEvtDeviceCleanup(
    WDFOBJECT Object
    )
{
    auto ctx = PcdGetContext(static_cast<WDFDEVICE>(Object));

    // Children are deleted after this returns; make sure neither the
    // timer nor the work item is still running against the context.
    if (ctx->Watchdog != nullptr) {
        WdfTimerStop(ctx->Watchdog, TRUE);
    }
    if (ctx->RecoveryWork != nullptr) {
        WdfWorkItemFlush(ctx->RecoveryWork);
    }
}

_Use_decl_annotations_
NTSTATUS
PcdEvtPrepareHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesRaw,
    WDFCMRESLIST ResourcesTranslated
    )
{
    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    auto ctx = PcdGetContext(Device);
    ULONG count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (ULONG i = 0; i < count; i++) {
        auto desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc->Type == CmResourceTypeMemory && ctx->Regs == nullptr &&
            desc->u.Memory.Length >= sizeof(PCD_REGS)) {
            ctx->Regs = static_cast<PCD_REGS*>(MmMapIoSpaceEx(desc->u.Memory.Start,
                                                              desc->u.Memory.Length,
                                                              PAGE_READWRITE | PAGE_NOCACHE));
            ctx->RegsLength = desc->u.Memory.Length;
        }
    }

    if (ctx->Regs == nullptr) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no register BAR");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PcdEvtReleaseHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesTranslated
    )
{
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    auto ctx = PcdGetContext(Device);
    if (ctx->Regs != nullptr) {
        MmUnmapIoSpace(ctx->Regs, ctx->RegsLength);
        ctx->Regs = nullptr;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PcdEvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    auto ctx = PcdGetContext(Device);

    ctx->MissedBeats   = 0;
    ctx->LastHeartbeat = READ_REGISTER_ULONG(&ctx->Regs->Heartbeat);
    WdfTimerStart(ctx->Watchdog, WDF_REL_TIMEOUT_IN_MS(PCD_WATCHDOG_PERIOD_MS));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
PcdEvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    auto ctx = PcdGetContext(Device);

    WdfTimerStop(ctx->Watchdog, TRUE);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
BOOLEAN
PcdEvtIsr(WDFINTERRUPT Interrupt, ULONG MessageID)
{
    UNREFERENCED_PARAMETER(MessageID);
    auto ctx = PcdGetContext(WdfInterruptGetDevice(Interrupt));

    ULONG pending = READ_REGISTER_ULONG(&ctx->Regs->IntStatus);
    if (pending == 0) {
        return FALSE;
    }
    WRITE_REGISTER_ULONG(&ctx->Regs->IntStatus, pending);
    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

_Use_decl_annotations_
VOID
PcdEvtDpc(WDFINTERRUPT Interrupt, WDFOBJECT AssociatedObject)
{
    UNREFERENCED_PARAMETER(AssociatedObject);
    auto ctx = PcdGetContext(WdfInterruptGetDevice(Interrupt));
    WDFREQUEST request;

    if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->ReadQueue, &request))) {
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, 0);
    }
}

_Use_decl_annotations_
VOID
PcdEvtWatchdog(WDFTIMER Timer)
{
    auto ctx = PcdGetContext(static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer)));
    ULONG beat = READ_REGISTER_ULONG(&ctx->Regs->Heartbeat);

    if (beat == ctx->LastHeartbeat) {
        if (++ctx->MissedBeats == 3) {
            WdfWorkItemEnqueue(ctx->RecoveryWork);
        }
    } else {
        ctx->MissedBeats = 0;
    }
    ctx->LastHeartbeat = beat;
}

_Use_decl_annotations_
VOID
PcdEvtRecovery(WDFWORKITEM WorkItem)
{
    auto ctx = PcdGetContext(static_cast<WDFDEVICE>(WdfWorkItemGetParentObject(WorkItem)));

    TraceEvents(TRACE_LEVEL_WARNING, TRACE_DEVICE, "firmware stalled, requesting reset");
    WdfDeviceSetFailed(ctx->Device, WdfDeviceFailedAttemptRestart);
}

_Use_decl_annotations_
VOID
PcdEvtIoDeviceControl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = PcdGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_SUCCESS;

    switch (IoControlCode) {
    case IOCTL_PCD_START_CAPTURE:
        WRITE_REGISTER_ULONG(&ctx->Regs->Control, 1);
        ctx->Capturing = TRUE;
        break;
    case IOCTL_PCD_STOP_CAPTURE:
        WRITE_REGISTER_ULONG(&ctx->Regs->Control, 0);
        ctx->Capturing = FALSE;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
