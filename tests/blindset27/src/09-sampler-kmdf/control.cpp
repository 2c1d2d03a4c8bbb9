// control.cpp - control device construction and its callbacks.
#include "sampler.h"

NTSTATUS
Sampler::CreateControlDevice(
    _In_ WDFDRIVER Driver,
    _Out_ WDFDEVICE* Device
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, SAMPLER_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, SAMPLER_LINK_NAME);

    *Device = nullptr;

    DeviceInitGuard init(WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R));
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init.Get(), TRUE);
    WdfDeviceInitSetIoType(init.Get(), WdfDeviceIoBuffered);
    RETURN_IF_NT_FAILED(WdfDeviceInitAssignName(init.Get(), &deviceName));

    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig, SamplerEvtFileCreate, SamplerEvtFileClose, WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init.Get(), &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CONTROL_CONTEXT);

    // On success WdfDeviceCreate consumes the init structure and clears
    // our pointer; on failure the guard frees it.
    ObjectGuard<WDFDEVICE> device;
    RETURN_IF_NT_FAILED(WdfDeviceCreate(init.Address(), &attributes, device.Address()));

    CONTROL_CONTEXT* ctx = ControlGetContext(device.Get());

    RETURN_IF_NT_FAILED(WdfDeviceCreateSymbolicLink(device.Get(), &linkName));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device.Get();
    RETURN_IF_NT_FAILED(WdfSpinLockCreate(&attributes, &ctx->Lock));

    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, SamplerEvtTimer, SAMPLER_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device.Get();
    RETURN_IF_NT_FAILED(WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer));

    WDF_WORKITEM_CONFIG workConfig;
    WDF_WORKITEM_CONFIG_INIT(&workConfig, SamplerEvtWorkItem);
    workConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device.Get();
    RETURN_IF_NT_FAILED(WdfWorkItemCreate(&workConfig, &attributes, &ctx->WorkItem));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device.Get();
    RETURN_IF_NT_FAILED(WdfLookasideListCreate(&attributes,
                                               sizeof(SAMPLE_RECORD) * SAMPLER_BATCH,
                                               NonPagedPoolNx,
                                               WDF_NO_OBJECT_ATTRIBUTES,
                                               SAMPLER_TAG,
                                               &ctx->SnapshotLookaside));

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SamplerEvtIoDeviceControl;
    RETURN_IF_NT_FAILED(WdfIoQueueCreate(device.Get(), &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE));

    WdfControlFinishInitializing(device.Get());

    *Device = device.Dismiss();
    return STATUS_SUCCESS;
}

// Sampling runs only while the (exclusive) client has the device open,
// so nothing is ticking by the time the driver can be unloaded.
VOID
SamplerEvtFileCreate(
    _In_ WDFDEVICE Device,
    _In_ WDFREQUEST Request,
    _In_ WDFFILEOBJECT FileObject
    )
{
    CONTROL_CONTEXT* ctx = ControlGetContext(Device);

    UNREFERENCED_PARAMETER(FileObject);

    WdfSpinLockAcquire(ctx->Lock);
    ctx->Pending.Count = 0;
    ctx->Head = 0;
    ctx->Count = 0;
    ctx->LastStamp = 0;
    RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
    WdfSpinLockRelease(ctx->Lock);

    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(SAMPLER_PERIOD_MS));
    WdfRequestComplete(Request, STATUS_SUCCESS);
}

VOID
SamplerEvtFileClose(
    _In_ WDFFILEOBJECT FileObject
    )
{
    CONTROL_CONTEXT* ctx = ControlGetContext(WdfFileObjectGetDevice(FileObject));

    // Wait for a running timer callback, then for the work item it may
    // have queued; after this nothing references the context asynchronously.
    WdfTimerStop(ctx->Timer, TRUE);
    WdfWorkItemFlush(ctx->WorkItem);
}

VOID
SamplerEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer));
    CONTROL_CONTEXT* ctx = ControlGetContext(device);
    LONGLONG now = static_cast<LONGLONG>(KeQueryInterruptTime());
    bool queue = false;

    WdfSpinLockAcquire(ctx->Lock);
    ctx->Pending.Stamps[ctx->Pending.Count++] = now;
    if (ctx->Pending.Count == SAMPLER_BATCH) {
        if (!ctx->WorkQueued) {
            ctx->Ready = ctx->Pending;
            ctx->WorkQueued = TRUE;
            queue = true;
        } else {
            ctx->Stats.Dropped += ctx->Pending.Count;
        }
        ctx->Pending.Count = 0;
    }
    WdfSpinLockRelease(ctx->Lock);

    if (queue) {
        WdfWorkItemEnqueue(ctx->WorkItem);
    }
}

VOID
SamplerEvtWorkItem(
    _In_ WDFWORKITEM WorkItem
    )
{
    WDFDEVICE device = static_cast<WDFDEVICE>(WdfWorkItemGetParentObject(WorkItem));
    CONTROL_CONTEXT* ctx = ControlGetContext(device);
    SAMPLE_BATCH batch;
    const LONGLONG expected = static_cast<LONGLONG>(SAMPLER_PERIOD_MS) * 10000;

    WdfSpinLockAcquire(ctx->Lock);
    batch = ctx->Ready;
    ctx->WorkQueued = FALSE;
    WdfSpinLockRelease(ctx->Lock);

    for (ULONG i = 0; i < batch.Count; i++) {
        WdfSpinLockAcquire(ctx->Lock);

        if (ctx->LastStamp != 0) {
            LONG jitterUs = static_cast<LONG>((batch.Stamps[i] - ctx->LastStamp - expected) / 10);
            ULONG slot = (ctx->Head + ctx->Count) % SAMPLER_RING_SIZE;

            ctx->Ring[slot].InterruptTime = batch.Stamps[i];
            ctx->Ring[slot].JitterUs = jitterUs;
            ctx->Ring[slot].Sequence = ctx->Sequence++;

            if (ctx->Count == SAMPLER_RING_SIZE) {
                ctx->Head = (ctx->Head + 1) % SAMPLER_RING_SIZE;
                ctx->Stats.Dropped++;
            } else {
                ctx->Count++;
            }

            ctx->Stats.Produced++;
            LONG magnitude = jitterUs < 0 ? -jitterUs : jitterUs;
            if (magnitude > ctx->Stats.MaxJitterUs) {
                ctx->Stats.MaxJitterUs = magnitude;
            }
        }
        ctx->LastStamp = batch.Stamps[i];

        WdfSpinLockRelease(ctx->Lock);
    }
}
