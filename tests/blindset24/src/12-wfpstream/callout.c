/*++

Module Name:

    callout.c

Abstract:

    Callout registration, filter engine objects and the stream classify
    function.

Environment:

    Kernel mode

--*/

#include "wfpstream.h"

static void NTAPI
WsClassifyStream(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    );

static NTSTATUS NTAPI
WsNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER3* filter
    );

static void NTAPI
WsFlowDelete(
    _In_ UINT16 layerId,
    _In_ UINT32 calloutId,
    _In_ UINT64 flowContext
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WsRegisterCallout)
#pragma alloc_text(PAGE, WsAddFilters)
#endif

_Use_decl_annotations_
NTSTATUS
WsRegisterCallout(
    PWS_GLOBALS Globals
    )
{
    FWPS_CALLOUT3 callout;

    PAGED_CODE();

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WS_CALLOUT_STREAM_V4;
    callout.flags = 0;
    callout.classifyFn = WsClassifyStream;
    callout.notifyFn = WsNotify;
    callout.flowDeleteFn = WsFlowDelete;

    return FwpsCalloutRegister3(Globals->DeviceObject, &callout, &Globals->CalloutIdV4);
}

_Use_decl_annotations_
NTSTATUS
WsAddFilters(
    PWS_GLOBALS Globals
    )
/*++

Routine Description:

    Opens a dynamic session and adds the sublayer, the management-side
    callout and one filter in a single transaction.  Objects added in a
    dynamic session are deleted automatically when the session closes, so
    teardown only has to close the engine handle.

    On failure the transaction is aborted and the engine closed here;
    Globals->EngineHandle is left NULL.

--*/
{
    NTSTATUS status;
    FWPM_SESSION0 session;
    FWPM_SUBLAYER0 subLayer;
    FWPM_CALLOUT0 mCallout;
    FWPM_FILTER0 filter;
    FWPM_FILTER_CONDITION0 condition;
    HANDLE engine = NULL;
    BOOLEAN inTransaction = FALSE;

    PAGED_CODE();

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    do {
        status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engine);
        WS_BREAK_IF_FAILED(status, "FwpmEngineOpen0");

        status = FwpmTransactionBegin0(engine, 0);
        WS_BREAK_IF_FAILED(status, "FwpmTransactionBegin0");
        inTransaction = TRUE;

        RtlZeroMemory(&subLayer, sizeof(subLayer));
        subLayer.subLayerKey = WS_SUBLAYER;
        subLayer.displayData.name = L"Header redaction sublayer";
        subLayer.displayData.description = L"Outbound HTTP header redaction";
        subLayer.weight = 0x100;

        status = FwpmSubLayerAdd0(engine, &subLayer, NULL);
        WS_BREAK_IF_FAILED(status, "FwpmSubLayerAdd0");

        RtlZeroMemory(&mCallout, sizeof(mCallout));
        mCallout.calloutKey = WS_CALLOUT_STREAM_V4;
        mCallout.displayData.name = L"Header redaction stream callout";
        mCallout.displayData.description = L"Inspects outbound TCP data to port 80";
        mCallout.applicableLayer = FWPM_LAYER_STREAM_V4;

        status = FwpmCalloutAdd0(engine, &mCallout, NULL, NULL);
        WS_BREAK_IF_FAILED(status, "FwpmCalloutAdd0");

        RtlZeroMemory(&condition, sizeof(condition));
        condition.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
        condition.matchType = FWP_MATCH_EQUAL;
        condition.conditionValue.type = FWP_UINT16;
        condition.conditionValue.uint16 = WS_HTTP_PORT;

        RtlZeroMemory(&filter, sizeof(filter));
        filter.displayData.name = L"Header redaction filter";
        filter.displayData.description = L"Outbound TCP to port 80";
        filter.layerKey = FWPM_LAYER_STREAM_V4;
        filter.subLayerKey = WS_SUBLAYER;
        filter.weight.type = FWP_EMPTY;
        filter.numFilterConditions = 1;
        filter.filterCondition = &condition;
        filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        filter.action.calloutKey = WS_CALLOUT_STREAM_V4;

        status = FwpmFilterAdd0(engine, &filter, NULL, NULL);
        WS_BREAK_IF_FAILED(status, "FwpmFilterAdd0");

        status = FwpmTransactionCommit0(engine);
        WS_BREAK_IF_FAILED(status, "FwpmTransactionCommit0");
        inTransaction = FALSE;

    } while (0);

    if (!NT_SUCCESS(status)) {
        if (inTransaction) {
            FwpmTransactionAbort0(engine);
        }
        if (engine != NULL) {
            FwpmEngineClose0(engine);
        }
        Globals->EngineHandle = NULL;
        return status;
    }

    Globals->EngineHandle = engine;
    return STATUS_SUCCESS;
}

static void NTAPI
WsClassifyStream(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    PWS_GLOBALS g = &WsGlobals;
    FWPS_STREAM_CALLOUT_IO_PACKET0* ioPacket = (FWPS_STREAM_CALLOUT_IO_PACKET0*)layerData;
    FWPS_STREAM_DATA0* streamData;
    PUCHAR copy = NULL;
    SIZE_T length;
    SIZE_T copied = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    //
    // Default: let the data through untouched.
    //
    classifyOut->actionType = FWP_ACTION_PERMIT;

    if (ioPacket == NULL || ioPacket->streamData == NULL) {
        return;
    }

    streamData = ioPacket->streamData;
    length = streamData->dataLength;

    if (!FlagOn(streamData->flags, FWPS_STREAM_FLAG_SEND) ||
        FlagOn(streamData->flags, FWPS_STREAM_FLAG_SEND_EXPEDITED) ||
        length == 0 || length > WS_MAX_SEGMENT ||
        !FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_FLOW_HANDLE)) {
        return;
    }

    InterlockedIncrement(&g->Inspected);

    copy = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, length, WS_TAG_INJECT);
    if (copy == NULL) {
        return;
    }

    FwpsCopyStreamDataToBuffer0(streamData, copy, length, &copied);

    if (copied != length || !WsRedactHeader(g, copy, length)) {
        ExFreePoolWithTag(copy, WS_TAG_INJECT);
        return;
    }

    //
    // Ownership of "copy" passes to WsInjectRedacted on every path.
    //
    status = WsInjectRedacted(g, inMetaValues->flowHandle, inFixedValues->layerId,
                              streamData->flags & (FWPS_STREAM_FLAG_SEND |
                                                   FWPS_STREAM_FLAG_SEND_NODELAY |
                                                   FWPS_STREAM_FLAG_SEND_DISCONNECT),
                              copy, length);
    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&g->InjectFailures);
        return;
    }

    //
    // Swallow the original segment; the redacted copy replaces it.
    //
    InterlockedIncrement(&g->Redacted);
    ioPacket->streamAction = FWPS_STREAM_ACTION_NONE;
    ioPacket->countBytesEnforced = length;
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
}

static NTSTATUS NTAPI
WsNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER3* filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WS_TRACE("filter %I64u attached", filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WS_TRACE("filter %I64u detached", filter->filterId);
        break;
    default:
        break;
    }

    return STATUS_SUCCESS;
}

static void NTAPI
WsFlowDelete(
    _In_ UINT16 layerId,
    _In_ UINT32 calloutId,
    _In_ UINT64 flowContext
    )
{
    //
    // No flow contexts are associated by this driver.
    //
    UNREFERENCED_PARAMETER(layerId);
    UNREFERENCED_PARAMETER(calloutId);
    UNREFERENCED_PARAMETER(flowContext);
}
