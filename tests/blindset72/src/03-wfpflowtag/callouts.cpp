#include "flowtag.h"

namespace flowtag {

UINT32     Callouts::FlowId   = 0;
UINT32     Callouts::StreamId = 0;
KSPIN_LOCK Callouts::FlowLock;
LIST_ENTRY Callouts::Flows;

static void NTAPI
FlowClassify(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const void* classifyContext,
    const FWPS_FILTER2* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }

    if (!FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_FLOW_HANDLE)) {
        return;
    }

    auto ctx = static_cast<FlowCtx*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(FlowCtx), FT_TAG));
    if (!ctx) {
        return;
    }
    ctx->FlowHandle = inMetaValues->flowHandle;
    ctx->RemotePort = inFixedValues->incomingValue[
        FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_REMOTE_PORT].value.uint16;

    KIRQL irql;
    KeAcquireSpinLock(&Callouts::FlowLock, &irql);
    InsertTailList(&Callouts::Flows, &ctx->Link);
    KeReleaseSpinLock(&Callouts::FlowLock, irql);

    NTSTATUS st = FwpsFlowAssociateContext0(ctx->FlowHandle, FWPS_LAYER_STREAM_V4,
                                            Callouts::StreamId, (UINT64)ctx);
    if (!NT_SUCCESS(st)) {
        KeAcquireSpinLock(&Callouts::FlowLock, &irql);
        RemoveEntryList(&ctx->Link);
        KeReleaseSpinLock(&Callouts::FlowLock, irql);
        ExFreePoolWithTag(ctx, FT_TAG);
    }
}

static void NTAPI
StreamClassify(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const void* classifyContext,
    const FWPS_FILTER2* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);

    auto io  = static_cast<FWPS_STREAM_CALLOUT_IO_PACKET0*>(layerData);
    auto ctx = reinterpret_cast<FlowCtx*>(flowContext);
    if (ctx && io && io->streamData) {
        InterlockedAdd64(&ctx->Bytes, (LONG64)io->streamData->dataLength);
    }
    if (io) {
        io->streamAction = FWPS_STREAM_ACTION_NONE;
    }
    classifyOut->actionType = FWP_ACTION_CONTINUE;
}

static NTSTATUS NTAPI
Notify(FWPS_CALLOUT_NOTIFY_TYPE type, const GUID* filterKey, FWPS_FILTER2* filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    FT_LOG("notify %d", type);
    return STATUS_SUCCESS;
}

static void NTAPI
FlowDelete(UINT16 layerId, UINT32 calloutId, UINT64 flowContext)
{
    UNREFERENCED_PARAMETER(layerId);
    UNREFERENCED_PARAMETER(calloutId);

    auto ctx = reinterpret_cast<FlowCtx*>(flowContext);
    KIRQL irql;
    KeAcquireSpinLock(&Callouts::FlowLock, &irql);
    if (!ctx->Removing) {
        RemoveEntryList(&ctx->Link);
    }
    KeReleaseSpinLock(&Callouts::FlowLock, irql);

    FT_LOG("flow %I64x port %u bytes %I64d", ctx->FlowHandle, RtlUshortByteSwap(ctx->RemotePort), ctx->Bytes);
    ExFreePoolWithTag(ctx, FT_TAG);
}

NTSTATUS Callouts::Register(PDEVICE_OBJECT device)
{
    KeInitializeSpinLock(&FlowLock);
    InitializeListHead(&Flows);

    FWPS_CALLOUT2 c = {};
    c.calloutKey   = FT_CALLOUT_FLOW_V4;
    c.classifyFn   = FlowClassify;
    c.notifyFn     = Notify;
    c.flowDeleteFn = nullptr;

    NTSTATUS st = FwpsCalloutRegister2(device, &c, &FlowId);
    if (!NT_SUCCESS(st)) {
        FT_LOG("register flow callout 0x%08x", st);
        return st;
    }

    c = {};
    c.calloutKey   = FT_CALLOUT_STREAM_V4;
    c.flags        = FWP_CALLOUT_FLAG_CONDITIONAL_ON_FLOW;
    c.classifyFn   = StreamClassify;
    c.notifyFn     = Notify;
    c.flowDeleteFn = FlowDelete;

    st = FwpsCalloutRegister2(device, &c, &StreamId);
    if (!NT_SUCCESS(st)) {
        FT_LOG("register stream callout 0x%08x", st);
        FwpsCalloutUnregisterById0(FlowId);
        FlowId = 0;
        return st;
    }
    return STATUS_SUCCESS;
}

void Callouts::RemoveAllFlows()
{
    KIRQL irql;
    KeAcquireSpinLock(&FlowLock, &irql);
    while (!IsListEmpty(&Flows)) {
        auto ctx = CONTAINING_RECORD(RemoveHeadList(&Flows), FlowCtx, Link);
        ctx->Removing = true;
        UINT64 h = ctx->FlowHandle;
        KeReleaseSpinLock(&FlowLock, irql);
        // flowDeleteFn runs and frees ctx
        FwpsFlowRemoveContext0(h, FWPS_LAYER_STREAM_V4, StreamId);
        KeAcquireSpinLock(&FlowLock, &irql);
    }
    KeReleaseSpinLock(&FlowLock, irql);
}

void Callouts::Unregister()
{
    if (StreamId) {
        FwpsCalloutUnregisterById0(StreamId);
        StreamId = 0;
    }
    if (FlowId) {
        FwpsCalloutUnregisterById0(FlowId);
        FlowId = 0;
    }
}

} // namespace flowtag
