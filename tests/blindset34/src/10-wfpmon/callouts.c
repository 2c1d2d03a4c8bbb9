#include "wfpmon.h"

// {A5D2B7E1-3C4F-4E6A-8B9C-0D1E2F3A4B51}
static const GUID WM_CALLOUT_CONNECT_V4 =
    { 0xa5d2b7e1, 0x3c4f, 0x4e6a, { 0x8b, 0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x51 } };
// {A5D2B7E1-3C4F-4E6A-8B9C-0D1E2F3A4B52}
static const GUID WM_CALLOUT_CONNECT_V6 =
    { 0xa5d2b7e1, 0x3c4f, 0x4e6a, { 0x8b, 0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x52 } };
// {A5D2B7E1-3C4F-4E6A-8B9C-0D1E2F3A4B50}
static const GUID WM_SUBLAYER =
    { 0xa5d2b7e1, 0x3c4f, 0x4e6a, { 0x8b, 0x9c, 0x0d, 0x1e, 0x2f, 0x3a, 0x4b, 0x50 } };

static UINT64
WmProcessId(_In_ const FWPS_INCOMING_METADATA_VALUES* Meta)
{
    return FWPS_IS_METADATA_FIELD_PRESENT(Meta, FWPS_METADATA_FIELD_PROCESS_ID) ? Meta->processId : 0;
}

static void NTAPI
WmClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT* classifyOut
    )
{
    const FWPS_INCOMING_VALUE* v = inFixedValues->incomingValue;
    UINT32 addr = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    UINT8 bytes[4];

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    bytes[0] = (UINT8)(addr >> 24);
    bytes[1] = (UINT8)(addr >> 16);
    bytes[2] = (UINT8)(addr >> 8);
    bytes[3] = (UINT8)addr;

    WmRecordConnection(2 /* AF_INET */, bytes, sizeof(bytes),
                       v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16,
                       v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8,
                       WmProcessId(inMetaValues));

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static void NTAPI
WmClassifyConnectV6(
    _In_ const FWPS_INCOMING_VALUES* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT* classifyOut
    )
{
    const FWPS_INCOMING_VALUE* v = inFixedValues->incomingValue;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    WmRecordConnection(23 /* AF_INET6 */,
                       v[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_ADDRESS].value.byteArray16->byteArray16, 16,
                       v[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16,
                       v[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_PROTOCOL].value.uint8,
                       WmProcessId(inMetaValues));

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WmNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER* filter
    )
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

typedef struct _WM_CALLOUT_DEF {
    const GUID*              CalloutKey;
    const GUID*              LayerKey;
    FWPS_CALLOUT_CLASSIFY_FN ClassifyFn;
    wchar_t*                 Name;
} WM_CALLOUT_DEF;

static const WM_CALLOUT_DEF g_WmCallouts[WM_CALLOUT_COUNT] = {
    { &WM_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4, WmClassifyConnectV4, L"wfpmon connect v4" },
    { &WM_CALLOUT_CONNECT_V6, &FWPM_LAYER_ALE_AUTH_CONNECT_V6, WmClassifyConnectV6, L"wfpmon connect v6" },
};

NTSTATUS
WmRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    FWPS_CALLOUT callout;
    NTSTATUS status;
    ULONG i;

    for (i = 0; i < WM_CALLOUT_COUNT; i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *g_WmCallouts[i].CalloutKey;
        callout.classifyFn = g_WmCallouts[i].ClassifyFn;
        callout.notifyFn = WmNotify;
        callout.flowDeleteFn = NULL;

        status = FwpsCalloutRegister(DeviceObject, &callout, &g_Wm.CalloutIds[i]);
        if (!NT_SUCCESS(status)) {
            WmUnregisterCallouts();
            return status;
        }
        g_Wm.CalloutsRegistered++;
    }
    return STATUS_SUCCESS;
}

VOID
WmUnregisterCallouts(VOID)
{
    NTSTATUS status;

    // no flow contexts are ever associated, so this cannot return STATUS_DEVICE_BUSY
    while (g_Wm.CalloutsRegistered > 0) {
        g_Wm.CalloutsRegistered--;
        status = FwpsCalloutUnregisterById(g_Wm.CalloutIds[g_Wm.CalloutsRegistered]);
        NT_ASSERT(NT_SUCCESS(status));
    }
}

NTSTATUS
WmAddFilters(VOID)
{
    FWPM_SESSION session;
    FWPM_SUBLAYER subLayer;
    FWPM_CALLOUT mCallout;
    FWPM_FILTER filter;
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;   // objects vanish when the engine handle is closed

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wm.EngineHandle);
    if (!NT_SUCCESS(status)) {
        g_Wm.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin(g_Wm.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto CloseEngine;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WM_SUBLAYER;
    subLayer.displayData.name = L"wfpmon sublayer";
    subLayer.weight = 0;
    status = FwpmSubLayerAdd(g_Wm.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    for (i = 0; i < WM_CALLOUT_COUNT; i++) {
        RtlZeroMemory(&mCallout, sizeof(mCallout));
        mCallout.calloutKey = *g_WmCallouts[i].CalloutKey;
        mCallout.displayData.name = g_WmCallouts[i].Name;
        mCallout.applicableLayer = *g_WmCallouts[i].LayerKey;
        status = FwpmCalloutAdd(g_Wm.EngineHandle, &mCallout, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto Abort;
        }

        RtlZeroMemory(&filter, sizeof(filter));
        filter.layerKey = *g_WmCallouts[i].LayerKey;
        filter.subLayerKey = WM_SUBLAYER;
        filter.displayData.name = g_WmCallouts[i].Name;
        filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
        filter.action.calloutKey = *g_WmCallouts[i].CalloutKey;
        filter.weight.type = FWP_EMPTY;
        status = FwpmFilterAdd(g_Wm.EngineHandle, &filter, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto Abort;
        }
    }

    status = FwpmTransactionCommit(g_Wm.EngineHandle);
    if (NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

Abort:
    FwpmTransactionAbort(g_Wm.EngineHandle);
CloseEngine:
    FwpmEngineClose(g_Wm.EngineHandle);
    g_Wm.EngineHandle = NULL;
    return status;
}

VOID
WmRemoveFilters(VOID)
{
    if (g_Wm.EngineHandle != NULL) {
        FwpmEngineClose(g_Wm.EngineHandle);
        g_Wm.EngineHandle = NULL;
    }
}
