/*
 * wfpblock.c - DriverEntry / Unload: device, callout, engine objects
 */
#include <initguid.h>
#include "wfpblock.h"

WB_GLOBALS g_Wb;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

static const USHORT g_DefaultPorts[] = { 23, 4444, 6667 };

static NTSTATUS WbLoadPorts(PUNICODE_STRING RegistryPath)
{
    /* TODO: read "BlockedPorts" REG_MULTI_SZ from Parameters, defaults for now */
    UNREFERENCED_PARAMETER(RegistryPath);

    RtlCopyMemory(g_Wb.BlockedPorts, g_DefaultPorts, sizeof(g_DefaultPorts));
    g_Wb.BlockedPortCount = RTL_NUMBER_OF(g_DefaultPorts);
    return STATUS_SUCCESS;
}

static NTSTATUS WbAddCalloutAndFilter(VOID)
{
    FWPM_CALLOUT mCallout;
    FWPM_FILTER filter;
    FWPM_FILTER_CONDITION cond[1];
    NTSTATUS status;

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = WFPBLOCK_CALLOUT_V4;
    mCallout.displayData.name = L"wfpblock connect callout";
    mCallout.displayData.description = L"blocks outbound connects to listed ports";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd(g_Wb.EngineHandle, &mCallout, NULL, &g_Wb.MgmtCalloutId);
    if (!NT_SUCCESS(status)) {
        WBLOG("FwpmCalloutAdd failed 0x%08X", status);
        return status;
    }

    /* protocol <= 17 covers ICMP, TCP and UDP, raw stuff is none of our business */
    RtlZeroMemory(cond, sizeof(cond));
    cond[0].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond[0].matchType = FWP_MATCH_LESS_OR_EQUAL;
    cond[0].conditionValue.type = FWP_UINT8;
    cond[0].conditionValue.uint8 = IPPROTO_UDP;

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = L"wfpblock connect filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WFPBLOCK_CALLOUT_V4;
    filter.numFilterConditions = RTL_NUMBER_OF(cond);
    filter.filterCondition = cond;

    status = FwpmFilterAdd(g_Wb.EngineHandle, &filter, NULL, &g_Wb.FilterId);
    if (!NT_SUCCESS(status)) {
        WBLOG("FwpmFilterAdd failed 0x%08X", status);
    }
    return status;
}

VOID WbUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WBLOG("unloading: blocked=%ld allowed=%ld", g_Wb.Blocked, g_Wb.Allowed);

    FwpmFilterDeleteById(g_Wb.EngineHandle, g_Wb.FilterId);
    FwpmCalloutDeleteById(g_Wb.EngineHandle, g_Wb.MgmtCalloutId);
    FwpmEngineClose(g_Wb.EngineHandle);
    g_Wb.EngineHandle = NULL;

    IoDeleteDevice(g_Wb.DeviceObject);
    FwpsCalloutUnregisterById(g_Wb.CalloutId);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    FWPS_CALLOUT sCallout;
    FWPM_SESSION session;

    RtlZeroMemory(&g_Wb, sizeof(g_Wb));

    status = WbLoadPorts(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Wb.DeviceObject);
    if (!NT_SUCCESS(status)) {
        WBLOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPBLOCK_CALLOUT_V4;
    sCallout.classifyFn = WbClassify;
    sCallout.notifyFn = WbNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(g_Wb.DeviceObject, &sCallout, &g_Wb.CalloutId);
    if (!NT_SUCCESS(status)) {
        WBLOG("FwpsCalloutRegister failed 0x%08X", status);
        goto fail_device;
    }

    RtlZeroMemory(&session, sizeof(session));
    session.displayData.name = L"wfpblock session";
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;   /* objects go away with the engine handle */

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        WBLOG("FwpmEngineOpen failed 0x%08X", status);
        goto fail_device;
    }

    status = WbAddCalloutAndFilter();
    if (!NT_SUCCESS(status)) {
        goto fail_engine;
    }

    DriverObject->DriverUnload = WbUnload;
    WBLOG("loaded, filter id %I64u", g_Wb.FilterId);
    return STATUS_SUCCESS;

fail_engine:
    FwpmEngineClose(g_Wb.EngineHandle);
    g_Wb.EngineHandle = NULL;
fail_device:
    IoDeleteDevice(g_Wb.DeviceObject);
    g_Wb.DeviceObject = NULL;
    return status;
}
