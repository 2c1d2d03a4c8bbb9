#include "wfpblock.h"

// {6F0C1B42-7A5D-4C8E-9B1F-2D3E4A5B6C7D}
const GUID WB_CALLOUT_CONNECT_V4 =
    { 0x6f0c1b42, 0x7a5d, 0x4c8e, { 0x9b, 0x1f, 0x2d, 0x3e, 0x4a, 0x5b, 0x6c, 0x7d } };
// {0E7A9C31-5B2D-4F6A-8C1E-9D0F1A2B3C4D}
const GUID WB_SUBLAYER =
    { 0x0e7a9c31, 0x5b2d, 0x4f6a, { 0x8c, 0x1e, 0x9d, 0x0f, 0x1a, 0x2b, 0x3c, 0x4d } };

static const UINT16 g_DefaultPorts[] = { 4444, 1337, 31337, 6667 };

VOID
WbInitPorts(VOID)
{
    ULONG i;

    KeInitializeSpinLock(&g_Wb.PortLock);
    for (i = 0; i < RTL_NUMBER_OF(g_DefaultPorts); i++) {
        g_Wb.Ports[i] = g_DefaultPorts[i];
    }
    g_Wb.PortCount = RTL_NUMBER_OF(g_DefaultPorts);
}

NTSTATUS
WbAddPort(_In_ UINT16 Port)
{
    NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
    KIRQL irql;

    KeAcquireSpinLock(&g_Wb.PortLock, &irql);
    if (g_Wb.PortCount < WB_MAX_PORTS) {
        g_Wb.Ports[g_Wb.PortCount++] = Port;
        status = STATUS_SUCCESS;
    }
    KeReleaseSpinLock(&g_Wb.PortLock, irql);
    return status;
}

static BOOLEAN
WbIsBlockedPort(_In_ UINT16 Port)
{
    BOOLEAN hit = FALSE;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&g_Wb.PortLock, &irql);
    for (i = 0; i < g_Wb.PortCount; i++) {
        if (g_Wb.Ports[i] == Port) {
            hit = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&g_Wb.PortLock, irql);
    return hit;
}

static void NTAPI
WbClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT* classifyOut
    )
{
    UINT16 remotePort;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (WbIsBlockedPort(remotePort)) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        InterlockedIncrement(&g_Wb.BlockedCount);
    } else {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WbNotify(
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

NTSTATUS
WbRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT callout;
    NTSTATUS status;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WB_CALLOUT_CONNECT_V4;
    callout.classifyFn = WbClassifyConnectV4;
    callout.notifyFn = WbNotify;
    callout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(DeviceObject, &callout, &g_Wb.CalloutIdV4);
    if (NT_SUCCESS(status)) {
        g_Wb.CalloutRegistered = TRUE;
    }
    return status;
}

VOID
WbUnregisterCallout(VOID)
{
    if (g_Wb.CalloutRegistered) {
        FwpsCalloutUnregisterById(g_Wb.CalloutIdV4);
        g_Wb.CalloutRegistered = FALSE;
    }
}

NTSTATUS
WbAddManagementObjects(VOID)
{
    FWPM_SESSION session;
    FWPM_CALLOUT mCallout;
    FWPM_SUBLAYER subLayer;
    FWPM_FILTER filter;
    NTSTATUS status;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        WB_TRACE("FwpmEngineOpen failed 0x%08X", status);
        return status;
    }

    status = FwpmTransactionBegin(g_Wb.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto CloseEngine;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = WB_CALLOUT_CONNECT_V4;
    mCallout.displayData.name = L"wfpblock connect v4";
    mCallout.displayData.description = L"Blocks outbound connects to listed ports";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd(g_Wb.EngineHandle, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WB_SUBLAYER;
    subLayer.displayData.name = L"wfpblock sublayer";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd(g_Wb.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WB_SUBLAYER;
    filter.displayData.name = L"wfpblock connect filter";
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WB_CALLOUT_CONNECT_V4;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    status = FwpmFilterAdd(g_Wb.EngineHandle, &filter, NULL, &g_Wb.FilterIdV4);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    status = FwpmTransactionCommit(g_Wb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }
    return STATUS_SUCCESS;

Abort:
    WB_TRACE("management objects failed 0x%08X, aborting transaction", status);
    FwpmTransactionAbort(g_Wb.EngineHandle);
CloseEngine:
    FwpmEngineClose(g_Wb.EngineHandle);
    g_Wb.EngineHandle = NULL;
    return status;
}

VOID
WbRemoveManagementObjects(VOID)
{
    // dynamic session: closing the engine removes the callout/sublayer/filter
    if (g_Wb.EngineHandle != NULL) {
        FwpmEngineClose(g_Wb.EngineHandle);
        g_Wb.EngineHandle = NULL;
    }
}
