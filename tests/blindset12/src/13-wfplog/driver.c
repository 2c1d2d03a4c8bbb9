#include <initguid.h>
#include "wfplog.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WlUnload;

WL_GLOBALS g_Wl;

VOID
WlUnload(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    // dynamic session: closing the engine removes filter, callout and sublayer
    FwpmEngineClose0(g_Wl.Engine);
    g_Wl.Engine = NULL;

    status = FwpsCalloutUnregisterById0(g_Wl.CalloutId);
    WL_PRINT("callout unregistered 0x%08X after %ld connects", status, g_Wl.Seen);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    FWPM_SESSION0 session = { 0 };
    FWPS_CALLOUT0 sCallout = { 0 };

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wl, sizeof(g_Wl));

    // WFP wants a device object to tie the callout to; unnamed is fine
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Wl.Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wl.Engine);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmEngineOpen0 0x%08X", status);
        goto fail_device;
    }

    sCallout.calloutKey = WL_CALLOUT_KEY;
    sCallout.classifyFn = WlClassify;
    sCallout.notifyFn = WlNotify;
    sCallout.flowDeleteFn = NULL;
    status = FwpsCalloutRegister0(g_Wl.Device, &sCallout, &g_Wl.CalloutId);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpsCalloutRegister0 0x%08X", status);
        goto fail_engine;
    }

    status = FwpmTransactionBegin0(g_Wl.Engine, 0);
    if (!NT_SUCCESS(status)) {
        goto fail_callout;
    }

    status = WlAddObjects(g_Wl.Engine, &g_Wl.FilterId);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("adding WFP objects 0x%08X", status);
        FwpmTransactionAbort0(g_Wl.Engine);
        goto fail_engine;
    }

    status = FwpmTransactionCommit0(g_Wl.Engine);
    if (!NT_SUCCESS(status)) {
        goto fail_callout;
    }

    DriverObject->DriverUnload = WlUnload;
    WL_PRINT("filter %llu active", g_Wl.FilterId);
    return STATUS_SUCCESS;

fail_callout:
    FwpsCalloutUnregisterById0(g_Wl.CalloutId);
fail_engine:
    FwpmEngineClose0(g_Wl.Engine);
    g_Wl.Engine = NULL;
fail_device:
    IoDeleteDevice(g_Wl.Device);
    g_Wl.Device = NULL;
    return status;
}
