#define INITGUID
#include "wfpmon.h"

static VOID NTAPI
WmClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    UINT32 remoteAddr;
    UINT16 remotePort;
    UINT64 pid = 0;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    remoteAddr = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = inMetaValues->processId;
    }

    WM_LOG("pid %llu -> %u.%u.%u.%u:%u", pid,
           (remoteAddr >> 24) & 0xFF, (remoteAddr >> 16) & 0xFF,
           (remoteAddr >> 8) & 0xFF, remoteAddr & 0xFF, remotePort);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WmNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER3* filter
    )
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

NTSTATUS
WmRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    NTSTATUS status;
    FWPS_CALLOUT3 callout = { 0 };

    callout.calloutKey = WM_CALLOUT_CONNECT_V4;
    callout.flags = 0;
    callout.classifyFn = WmClassifyConnect;
    callout.notifyFn = WmNotify;
    callout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister3(DeviceObject, &callout, &g_Wm.FwpsCalloutId);
    if (NT_SUCCESS(status)) {
        g_Wm.CalloutRegistered = TRUE;
    }
    return status;
}

NTSTATUS
WmAddFilters(VOID)
{
    NTSTATUS status;
    FWPM_SESSION0 session = { 0 };
    FWPM_SUBLAYER0 subLayer = { 0 };
    FWPM_CALLOUT0 mCallout = { 0 };
    FWPM_FILTER0 filter = { 0 };
    BOOLEAN inTransaction = FALSE;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wm.EngineHandle);
    if (!NT_SUCCESS(status)) {
        g_Wm.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin0(g_Wm.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    inTransaction = TRUE;

    subLayer.subLayerKey = WM_SUBLAYER;
    subLayer.displayData.name = L"WfpMon sublayer";
    subLayer.displayData.description = L"Outbound connect monitor";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Wm.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    mCallout.calloutKey = WM_CALLOUT_CONNECT_V4;
    mCallout.displayData.name = L"WfpMon connect callout";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(g_Wm.EngineHandle, &mCallout, NULL, &g_Wm.FwpmCalloutId);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    filter.displayData.name = L"WfpMon connect filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WM_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    filter.filterCondition = NULL;
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WM_CALLOUT_CONNECT_V4;
    status = FwpmFilterAdd0(g_Wm.EngineHandle, &filter, NULL, &g_Wm.FilterId);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = FwpmTransactionCommit0(g_Wm.EngineHandle);
    if (NT_SUCCESS(status)) {
        inTransaction = FALSE;
    }

Exit:
    if (inTransaction) {
        FwpmTransactionAbort0(g_Wm.EngineHandle);
    }
    return status;
}

//
// Safe to call more than once; every step checks whether it has
// something to undo.
//
NTSTATUS
WmTeardown(VOID)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (g_Wm.EngineHandle != NULL) {
        // dynamic session: closing it deletes the sublayer, callout and filter
        FwpmEngineClose0(g_Wm.EngineHandle);
        g_Wm.EngineHandle = NULL;
    }

    if (g_Wm.CalloutRegistered) {
        status = FwpsCalloutUnregisterById0(g_Wm.FwpsCalloutId);
        g_Wm.CalloutRegistered = FALSE;
    }

    if (g_Wm.Device != NULL) {
        WdfObjectDelete(g_Wm.Device);
        g_Wm.Device = NULL;
    }

    return status;
}
