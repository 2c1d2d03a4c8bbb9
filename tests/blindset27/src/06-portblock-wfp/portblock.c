/*
 * portblock.c - DriverEntry / Unload and WFP object setup.
 */
#include "portblock.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PbUnload;

PB_GLOBALS g_Pb;

static UINT16
PbReadPort(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG port = PB_DEFAULT_PORT;
    ULONG fallback = PB_DEFAULT_PORT;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"BlockedPort";
    table[0].EntryContext  = &port;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &fallback;
    table[0].DefaultLength = sizeof(ULONG);

    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 RegistryPath->Buffer, table, NULL, NULL);

    if (port == 0 || port > 0xFFFF) {
        port = PB_DEFAULT_PORT;
    }
    return (UINT16)port;
}

static NTSTATUS
PbAddFilterObjects(VOID)
{
    NTSTATUS status;
    FWPM_CALLOUT0 mCallout;
    FWPM_FILTER0 filter;
    FWPM_FILTER_CONDITION0 cond;

    status = FwpmTransactionBegin0(g_Pb.Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey              = PB_CALLOUT_KEY;
    mCallout.displayData.name        = L"PortBlock callout";
    mCallout.displayData.description = L"Refuses inbound TCP on the configured port";
    mCallout.applicableLayer         = FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4;

    status = FwpmCalloutAdd0(g_Pb.Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    RtlZeroMemory(&cond, sizeof(cond));
    cond.fieldKey                = FWPM_CONDITION_IP_LOCAL_PORT;
    cond.matchType               = FWP_MATCH_EQUAL;
    cond.conditionValue.type     = FWP_UINT16;
    cond.conditionValue.uint16   = g_Pb.BlockedPort;

    RtlZeroMemory(&filter, sizeof(filter));
    filter.filterKey               = PB_FILTER_KEY;
    filter.displayData.name        = L"PortBlock filter";
    filter.layerKey                = FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4;
    filter.action.type             = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey       = PB_CALLOUT_KEY;
    filter.weight.type             = FWP_EMPTY;
    filter.numFilterConditions     = 1;
    filter.filterCondition         = &cond;

    status = FwpmFilterAdd0(g_Pb.Engine, &filter, NULL, &g_Pb.FilterId);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    status = FwpmTransactionCommit0(g_Pb.Engine);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }
    return STATUS_SUCCESS;

Abort:
    FwpmTransactionAbort0(g_Pb.Engine);
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    FWPS_CALLOUT0 sCallout;
    FWPM_SESSION0 session;

    RtlZeroMemory(&g_Pb, sizeof(g_Pb));
    g_Pb.BlockedPort = PbReadPort(RegistryPath);

    DriverObject->DriverUnload = PbUnload;

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Pb.WfpDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = PB_CALLOUT_KEY;
    sCallout.classifyFn = PbClassify;
    sCallout.notifyFn   = PbNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister0(g_Pb.WfpDevice, &sCallout, &g_Pb.CalloutId);

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Pb.Engine);
    if (!NT_SUCCESS(status)) {
        goto Unregister;
    }

    status = PbAddFilterObjects();
    if (!NT_SUCCESS(status)) {
        goto CloseEngine;
    }

    DbgPrint("PortBlock: blocking inbound TCP port %u\n", g_Pb.BlockedPort);
    return STATUS_SUCCESS;

CloseEngine:
    FwpmEngineClose0(g_Pb.Engine);
    g_Pb.Engine = NULL;
Unregister:
    FwpsCalloutUnregisterById0(g_Pb.CalloutId);
    IoDeleteDevice(g_Pb.WfpDevice);
    g_Pb.WfpDevice = NULL;
    return status;
}

VOID
PbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Pb.WfpDevice != NULL) {
        IoDeleteDevice(g_Pb.WfpDevice);
        g_Pb.WfpDevice = NULL;
    }

    if (g_Pb.Engine != NULL) {
        FwpmEngineClose0(g_Pb.Engine);
        g_Pb.Engine = NULL;
    }

    FwpsCalloutUnregisterById0(g_Pb.CalloutId);

    DbgPrint("PortBlock: unloaded, %ld connection(s) refused\n", g_Pb.Refused);
}
