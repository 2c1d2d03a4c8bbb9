#include "wfpmon.h"

static BOOLEAN
IsBlockedPort(UINT16 Port)
{
    ULONG i;
    for (i = 0; i < g_Wfp.BlockedPortCount; i++) {
        if (g_Wfp.BlockedPorts[i] == Port) {
            return TRUE;
        }
    }
    return FALSE;
}

static VOID NTAPI
WfpClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_ const FWPS_FILTER0* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UINT32 remoteAddr;
    UINT16 remotePort;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    remoteAddr = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    InterlockedIncrement64(&g_Wfp.Connects);

    if (IsBlockedPort(remotePort)) {
        InterlockedIncrement64(&g_Wfp.Blocked);
        WLOG("block pid=%llu -> %u.%u.%u.%u:%u",
             FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID) ? inMetaValues->processId : 0,
             (remoteAddr >> 24) & 0xff, (remoteAddr >> 16) & 0xff, (remoteAddr >> 8) & 0xff, remoteAddr & 0xff,
             remotePort);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static NTSTATUS NTAPI
WfpNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ const FWPS_FILTER0* filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        WLOG("filter %llu attached", filter->filterId);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
WfpAddManagementObjects(HANDLE Engine)
{
    NTSTATUS      status;
    FWPM_SUBLAYER0 subLayer;
    FWPM_CALLOUT0  mCallout;
    FWPM_FILTER0   filter;

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WFPMON_SUBLAYER;
    subLayer.displayData.name = L"wfpmon sublayer";
    subLayer.weight = 0x100;

    status = FwpmSubLayerAdd0(Engine, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = WFPMON_CALLOUT_CONNECT_V4;
    mCallout.displayData.name = L"wfpmon connect v4";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd0(Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.filterKey = WFPMON_FILTER_CONNECT_V4;
    filter.displayData.name = L"wfpmon connect filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPMON_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WFPMON_CALLOUT_CONNECT_V4;
    filter.numFilterConditions = 0;

    return FwpmFilterAdd0(Engine, &filter, NULL, &g_Wfp.FilterId);
}

NTSTATUS
WfpStart(_In_ PDEVICE_OBJECT DeviceObject)
{
    NTSTATUS       status;
    FWPS_CALLOUT0  sCallout;
    FWPM_SESSION0  session;
    BOOLEAN        inTransaction = FALSE;

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPMON_CALLOUT_CONNECT_V4;
    sCallout.classifyFn = WfpClassifyConnect;
    sCallout.notifyFn = WfpNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister0(DeviceObject, &sCallout, &g_Wfp.CalloutId);
    if (status == STATUS_FWP_ALREADY_EXISTS) {
        WLOG("callout key already registered, id %u", g_Wfp.CalloutId);
    }

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"wfpmon dynamic session";

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wfp.EngineHandle);
    CHECK(status, "FwpmEngineOpen0");

    status = FwpmTransactionBegin0(g_Wfp.EngineHandle, 0);
    CHECK(status, "FwpmTransactionBegin0");
    inTransaction = TRUE;

    status = WfpAddManagementObjects(g_Wfp.EngineHandle);
    CHECK(status, "WfpAddManagementObjects");

    status = FwpmTransactionCommit0(g_Wfp.EngineHandle);
    CHECK(status, "FwpmTransactionCommit0");
    inTransaction = FALSE;

    WLOG("callout %u, filter %llu", g_Wfp.CalloutId, g_Wfp.FilterId);
    return STATUS_SUCCESS;

Exit:
    if (inTransaction) {
        FwpmTransactionAbort0(g_Wfp.EngineHandle);
    }
    if (g_Wfp.EngineHandle) {
        FwpmEngineClose0(g_Wfp.EngineHandle);
        g_Wfp.EngineHandle = NULL;
    }
    if (g_Wfp.CalloutId) {
        FwpsCalloutUnregisterById0(g_Wfp.CalloutId);
        g_Wfp.CalloutId = 0;
    }
    return status;
}

VOID
WfpStop(VOID)
{
    // the session is dynamic, so closing the engine handle drops the
    // sublayer, callout and filter we added above in one go
    if (g_Wfp.EngineHandle) {
        FwpmEngineClose0(g_Wfp.EngineHandle);
        g_Wfp.EngineHandle = NULL;
    }

    WLOG("stopped: %lld connects, %lld blocked", g_Wfp.Connects, g_Wfp.Blocked);
}
