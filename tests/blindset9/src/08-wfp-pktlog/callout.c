#include "wfplog.h"

VOID NTAPI
WfpLogClassify(
    const FWPS_INCOMING_VALUES *InFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *InMetaValues,
    VOID *LayerData,
    const VOID *ClassifyContext,
    const FWPS_FILTER *Filter,
    UINT64 FlowContext,
    FWPS_CLASSIFY_OUT *ClassifyOut
    )
{
    KLOCK_QUEUE_HANDLE lockHandle;
    WFPLOG_SLOT *slot;
    ULONG64 total;

    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    /* we only watch, never decide */
    if (ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }

    if (InFixedValues->layerId != FWPS_LAYER_OUTBOUND_TRANSPORT_V4) {
        return;
    }

    KeAcquireInStackQueuedSpinLock(&g_Wfp.Lock, &lockHandle);

    slot = &g_Wfp.Ring[g_Wfp.Next];
    g_Wfp.Next = (g_Wfp.Next + 1) % WFPLOG_RING_SLOTS;

    slot->RemoteAddress =
        InFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_TRANSPORT_V4_IP_REMOTE_ADDRESS].value.uint32;
    slot->RemotePort =
        InFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_TRANSPORT_V4_IP_REMOTE_PORT].value.uint16;
    slot->Protocol =
        InFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_TRANSPORT_V4_IP_PROTOCOL].value.uint8;
    slot->ProcessId = FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)
                          ? InMetaValues->processId
                          : 0;
    total = ++g_Wfp.Total;

    KeReleaseInStackQueuedSpinLock(&lockHandle);

    if ((total % WFPLOG_PRINT_EVERY) == 0) {
        WLOG("%I64u outbound packets seen", total);
    }
}

NTSTATUS NTAPI
WfpLogNotify(
    FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    const GUID *FilterKey,
    FWPS_FILTER *Filter
    )
{
    UNREFERENCED_PARAMETER(FilterKey);

    if (NotifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        WLOG("filter %I64u attached", Filter->filterId);
    }
    return STATUS_SUCCESS;
}

/* sublayer + callout + one filter, all in one transaction */
NTSTATUS
WfpLogAddFilterObjects(
    _In_ HANDLE Engine
    )
{
    NTSTATUS status;
    FWPM_SUBLAYER sublayer;
    FWPM_CALLOUT callout;
    FWPM_FILTER filter;
    BOOLEAN inTransaction = FALSE;

    status = FwpmTransactionBegin(Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    inTransaction = TRUE;

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = WFPLOG_SUBLAYER_KEY;
    sublayer.displayData.name = L"wfplog sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd(Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Done;
    }

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WFPLOG_CALLOUT_KEY;
    callout.displayData.name = L"wfplog outbound v4";
    callout.applicableLayer = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    status = FwpmCalloutAdd(Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto Done;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = L"wfplog outbound v4 filter";
    filter.layerKey = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    filter.subLayerKey = WFPLOG_SUBLAYER_KEY;
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WFPLOG_CALLOUT_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    status = FwpmFilterAdd(Engine, &filter, NULL, &g_Wfp.FilterId);
    if (!NT_SUCCESS(status)) {
        goto Done;
    }

    status = FwpmTransactionCommit(Engine);
    if (NT_SUCCESS(status)) {
        inTransaction = FALSE;
    }

Done:
    if (inTransaction) {
        FwpmTransactionAbort(Engine);
    }
    return status;
}
