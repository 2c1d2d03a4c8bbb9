//
// callouts.cpp - Fwps side of flowmon: classify, flow contexts, (un)registration
//
#include "flowmon.h"

namespace flowmon {

namespace {

void NTAPI ClassifyEstablished(const FWPS_INCOMING_VALUES0* in,
                               const FWPS_INCOMING_METADATA_VALUES0* meta,
                               void* layerData, const void* classifyCtx,
                               const FWPS_FILTER1* filter, UINT64 flowCtx,
                               FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(in);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyCtx);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowCtx);

    out->actionType = FWP_ACTION_CONTINUE;

    if (!FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_FLOW_HANDLE)) {
        return;
    }

    auto f = static_cast<FlowCtx*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FlowCtx), FM_TAG));
    if (f == nullptr) {
        return;                 // flow just goes uncounted
    }
    f->FlowId = meta->flowHandle;

    // publish before associating: flowDelete may run as soon as the association exists
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&g.FlowLock, &lh);
    InsertTailList(&g.Flows, &f->Link);
    KeReleaseInStackQueuedSpinLock(&lh);

    NTSTATUS status = FwpsFlowAssociateContext0(f->FlowId, FWPS_LAYER_STREAM_V4,
                                                g.StreamId, reinterpret_cast<UINT64>(f));
    if (!NT_SUCCESS(status)) {
        KeAcquireInStackQueuedSpinLock(&g.FlowLock, &lh);
        RemoveEntryList(&f->Link);
        KeReleaseInStackQueuedSpinLock(&lh);
        ExFreePoolWithTag(f, FM_TAG);
    }
}

void NTAPI ClassifyStream(const FWPS_INCOMING_VALUES0* in,
                          const FWPS_INCOMING_METADATA_VALUES0* meta,
                          void* layerData, const void* classifyCtx,
                          const FWPS_FILTER1* filter, UINT64 flowCtx,
                          FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(in);
    UNREFERENCED_PARAMETER(meta);
    UNREFERENCED_PARAMETER(classifyCtx);
    UNREFERENCED_PARAMETER(filter);

    auto io = static_cast<FWPS_STREAM_CALLOUT_IO_PACKET0*>(layerData);
    auto f  = reinterpret_cast<FlowCtx*>(flowCtx);

    if (io != nullptr && io->streamData != nullptr && f != nullptr) {
        auto len = static_cast<LONG64>(io->streamData->dataLength);
        if (io->streamData->flags & FWPS_STREAM_FLAG_SEND) {
            InterlockedAdd64(&f->BytesOut, len);
        } else {
            InterlockedAdd64(&f->BytesIn, len);
        }
        io->streamAction = FWPS_STREAM_ACTION_NONE;
    }
    out->actionType = FWP_ACTION_CONTINUE;
}

NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER1*)
{
    return STATUS_SUCCESS;
}

void NTAPI FlowDelete(UINT16 layerId, UINT32 calloutId, UINT64 flowCtx)
{
    UNREFERENCED_PARAMETER(layerId);
    UNREFERENCED_PARAMETER(calloutId);

    auto f = reinterpret_cast<FlowCtx*>(flowCtx);
    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&g.FlowLock, &lh);
    RemoveEntryList(&f->Link);
    KeReleaseInStackQueuedSpinLock(&lh);

    FM_TRACE("flow %I64x done: in %I64d out %I64d", f->FlowId, f->BytesIn, f->BytesOut);
    ExFreePoolWithTag(f, FM_TAG);
}

// ask WFP to drop every context we still have; FlowDelete frees them
void RemoveAllContexts()
{
    UINT64 ids[32];
    for (;;) {
        ULONG n = 0;
        KLOCK_QUEUE_HANDLE lh;
        KeAcquireInStackQueuedSpinLock(&g.FlowLock, &lh);
        for (auto e = g.Flows.Flink; e != &g.Flows && n < ARRAYSIZE(ids); e = e->Flink) {
            auto f = CONTAINING_RECORD(e, FlowCtx, Link);
            if (!f->Removing) {
                f->Removing = true;
                ids[n++] = f->FlowId;
            }
        }
        KeReleaseInStackQueuedSpinLock(&lh);

        if (n == 0) {
            return;
        }
        for (ULONG i = 0; i < n; i++) {
            FwpsFlowRemoveContext0(ids[i], FWPS_LAYER_STREAM_V4, g.StreamId);
        }
    }
}

} // anonymous namespace

NTSTATUS RegisterCallouts(PDEVICE_OBJECT dev)
{
    NTSTATUS status;

    FWPS_CALLOUT1 est = {};
    est.calloutKey = kEstablishedCallout;
    est.classifyFn = ClassifyEstablished;
    est.notifyFn   = Notify;
    CHECK(FwpsCalloutRegister1(dev, &est, &g.EstablishedId), out);

    {
        FWPS_CALLOUT1 st = {};
        st.calloutKey   = kStreamCallout;
        st.flags        = FWPS_CALLOUT_FLAG_CONDITIONAL_ON_FLOW;
        st.classifyFn   = ClassifyStream;
        st.notifyFn     = Notify;
        st.flowDeleteFn = FlowDelete;
        CHECK(FwpsCalloutRegister1(dev, &st, &g.StreamId), undo_established);
    }
    return STATUS_SUCCESS;

undo_established:
    FwpsCalloutUnregisterById0(g.EstablishedId);
    g.EstablishedId = 0;
out:
    return status;
}

void UnregisterCallouts()
{
    if (g.EstablishedId != 0) {
        FwpsCalloutUnregisterById0(g.EstablishedId);
        g.EstablishedId = 0;
    }

    if (g.StreamId != 0) {
        NTSTATUS status = FwpsCalloutUnregisterById0(g.StreamId);
        while (status == STATUS_DEVICE_BUSY) {
            RemoveAllContexts();

            LARGE_INTEGER delay;
            delay.QuadPart = -10LL * 1000 * 20;     // 20 ms
            KeDelayExecutionThread(KernelMode, FALSE, &delay);
            status = FwpsCalloutUnregisterById0(g.StreamId);
        }
        g.StreamId = 0;
    }
}

} // namespace flowmon
