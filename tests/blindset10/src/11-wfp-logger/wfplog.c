/*
 * wfplog.c - registers one inspection callout at ALE_AUTH_CONNECT_V4, a
 * sublayer and a filter that sends every outbound connect to it.
 * The BFE session is dynamic so the filter objects vanish with it.
 */
#include "wfplog.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WlUnload;

static PDEVICE_OBJECT g_Device;
static HANDLE g_Engine;
static UINT32 g_CalloutId;
static UINT64 g_FilterId;

VOID
WlUnload(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Engine != NULL) {
        FwpmEngineClose0(g_Engine);       /* drops filter, sublayer, callout object */
        g_Engine = NULL;
    }

    status = FwpsCalloutUnregisterById0(g_CalloutId);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpsCalloutUnregisterById0 0x%08X\n", status);
    }

    WL_PRINT("unloaded\n");
}

static NTSTATUS
WlAddObjects(HANDLE Engine)
{
    FWPM_CALLOUT0 callout;
    FWPM_SUBLAYER0 sublayer;
    FWPM_FILTER0 filter;
    NTSTATUS status;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WFPLOG_CALLOUT_CONNECT_V4;
    callout.displayData.name = L"wfplog connect callout";
    callout.displayData.description = L"Logs outbound IPv4 connects";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmCalloutAdd0 0x%08X\n", status);
        return status;
    }

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = WFPLOG_SUBLAYER;
    sublayer.displayData.name = L"wfplog sublayer";
    sublayer.weight = 0x0100;
    status = FwpmSubLayerAdd0(Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmSubLayerAdd0 0x%08X\n", status);
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPLOG_SUBLAYER;
    filter.displayData.name = L"wfplog all connects";
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WFPLOG_CALLOUT_CONNECT_V4;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    status = FwpmFilterAdd0(Engine, &filter, NULL, &g_FilterId);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmFilterAdd0 0x%08X\n", status);
    }
    return status;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    FWPM_SESSION0 session;
    FWPS_CALLOUT0 sCallout;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* callouts need a device object to hang off, no name required */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Engine);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmEngineOpen0 0x%08X\n", status);
        goto fail_device;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPLOG_CALLOUT_CONNECT_V4;
    sCallout.classifyFn = WlClassifyConnect;
    sCallout.notifyFn = WlNotify;
    sCallout.flowDeleteFn = NULL;
    status = FwpsCalloutRegister0(g_Device, &sCallout, &g_CalloutId);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpsCalloutRegister0 0x%08X\n", status);
        goto fail_engine;
    }

    status = FwpmTransactionBegin0(g_Engine, 0);
    if (!NT_SUCCESS(status)) {
        goto fail_engine;
    }

    status = WlAddObjects(g_Engine);
    if (!NT_SUCCESS(status)) {
        goto fail_txn;
    }

    status = FwpmTransactionCommit0(g_Engine);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("commit 0x%08X\n", status);
        goto fail_txn;
    }

    DriverObject->DriverUnload = WlUnload;
    WL_PRINT("filter %llu on callout %u\n", g_FilterId, g_CalloutId);
    return STATUS_SUCCESS;

fail_txn:
    FwpmTransactionAbort0(g_Engine);
fail_engine:
    FwpmEngineClose0(g_Engine);
    g_Engine = NULL;
fail_device:
    IoDeleteDevice(g_Device);
    g_Device = NULL;
    return status;
}
