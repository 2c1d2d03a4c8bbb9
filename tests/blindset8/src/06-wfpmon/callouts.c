/*
 * callouts.c - run-time callouts and the management objects for wfpmon.
 */
#include "wfpmon.h"

static VOID NTAPI
WfmClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0          *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ VOID                          *LayerData,
    _In_ const FWPS_FILTER0                   *Filter,
    _In_ UINT64                               FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0                *ClassifyOut
    )
{
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    if (InFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        InterlockedIncrement64(&g_Wfm.ConnectsV4);
    } else {
        InterlockedIncrement64(&g_Wfm.ConnectsV6);
    }

    if (FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_TRACE_LEVEL,
                   "wfpmon: connect from pid %I64u\n", InMetaValues->processId);
    }

    /* inspection only: leave the decision to the next filter */
    if (ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WfmNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID              *FilterKey,
    _Inout_ FWPS_FILTER0         *Filter
    )
{
    UNREFERENCED_PARAMETER(NotifyType);
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    return STATUS_SUCCESS;
}

static NTSTATUS
WfmRegisterOne(
    _In_  PDEVICE_OBJECT DeviceObject,
    _In_  const GUID    *Key,
    _Out_ UINT32        *CalloutId
    )
{
    FWPS_CALLOUT0 callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *Key;
    callout.classifyFn = WfmClassifyConnect;
    callout.notifyFn   = WfmNotify;
    callout.flowDeleteFn = NULL;

    return FwpsCalloutRegister0(DeviceObject, &callout, CalloutId);
}

NTSTATUS
WfmRegisterCallouts(
    _In_  PDEVICE_OBJECT DeviceObject,
    _Out_ UINT32        *IdV4,
    _Out_ UINT32        *IdV6
    )
{
    NTSTATUS status;

    *IdV4 = 0;
    *IdV6 = 0;

    status = WfmRegisterOne(DeviceObject, &WFM_CALLOUT_CONNECT_V4, IdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WfmRegisterOne(DeviceObject, &WFM_CALLOUT_CONNECT_V6, IdV6);
    if (!NT_SUCCESS(status)) {
        FwpsCalloutUnregisterById0(*IdV4);
        *IdV4 = 0;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
WfmUnregisterCallouts(VOID)
{
    if (g_Wfm.CalloutIdV6 != 0) {
        FwpsCalloutUnregisterById0(g_Wfm.CalloutIdV6);
        g_Wfm.CalloutIdV6 = 0;
    }
    if (g_Wfm.CalloutIdV4 != 0) {
        FwpsCalloutUnregisterById0(g_Wfm.CalloutIdV4);
        g_Wfm.CalloutIdV4 = 0;
    }
}

NTSTATUS
WfmOpenEngine(
    _Out_ HANDLE *EngineHandle
    )
{
    FWPM_SESSION0 session;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"wfpmon session";

    return FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, EngineHandle);
}

static NTSTATUS
WfmAddCalloutAndFilter(
    _In_  HANDLE       Engine,
    _In_  const GUID  *CalloutKey,
    _In_  const GUID  *LayerKey,
    _In_  PCWSTR       Name,
    _Out_ UINT64      *FilterId
    )
{
    FWPM_CALLOUT0 mCallout;
    FWPM_FILTER0 filter;
    NTSTATUS status;

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey               = *CalloutKey;
    mCallout.displayData.name         = (PWSTR)Name;
    mCallout.displayData.description  = L"wfpmon connect inspection";
    mCallout.applicableLayer          = *LayerKey;

    status = FwpmCalloutAdd0(Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey                   = *LayerKey;
    filter.subLayerKey                = WFM_SUBLAYER;
    filter.displayData.name           = (PWSTR)Name;
    filter.action.type                = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey          = *CalloutKey;
    filter.weight.type                = FWP_EMPTY;
    filter.numFilterConditions        = 0;

    return FwpmFilterAdd0(Engine, &filter, NULL, FilterId);
}

NTSTATUS
WfmAddFilters(
    _In_ HANDLE EngineHandle
    )
{
    FWPM_SUBLAYER0 subLayer;
    NTSTATUS status;

    status = FwpmTransactionBegin0(EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey      = WFM_SUBLAYER;
    subLayer.displayData.name = L"wfpmon sublayer";
    subLayer.weight           = 0x100;

    status = FwpmSubLayerAdd0(EngineHandle, &subLayer, NULL);
    if (NT_SUCCESS(status)) {
        status = WfmAddCalloutAndFilter(EngineHandle, &WFM_CALLOUT_CONNECT_V4,
                                        &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                                        L"wfpmon connect v4", &g_Wfm.FilterIdV4);
    }
    if (NT_SUCCESS(status)) {
        status = WfmAddCalloutAndFilter(EngineHandle, &WFM_CALLOUT_CONNECT_V6,
                                        &FWPM_LAYER_ALE_AUTH_CONNECT_V6,
                                        L"wfpmon connect v6", &g_Wfm.FilterIdV6);
    }

    if (NT_SUCCESS(status)) {
        status = FwpmTransactionCommit0(EngineHandle);
    } else {
        FwpmTransactionAbort0(EngineHandle);
    }
    return status;
}
