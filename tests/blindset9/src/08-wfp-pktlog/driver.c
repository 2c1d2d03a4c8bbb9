#include <initguid.h>
#include "wfplog.h"

WFPLOG_STATE g_Wfp;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WfpLogUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    FWPS_CALLOUT sCallout;
    FWPM_SESSION session;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wfp, sizeof(g_Wfp));
    KeInitializeSpinLock(&g_Wfp.Lock);

    DriverObject->DriverUnload = WfpLogUnload;

    g_Wfp.Ring = (WFPLOG_SLOT *)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                 WFPLOG_RING_SLOTS * sizeof(WFPLOG_SLOT),
                                                 WFPLOG_TAG);
    if (g_Wfp.Ring == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    /* callouts need a device object to hang off */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Wfp.Device);
    if (!NT_SUCCESS(status)) {
        WLOG("IoCreateDevice 0x%08X", status);
        goto FreeRing;
    }

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFPLOG_CALLOUT_KEY;
    sCallout.classifyFn = WfpLogClassify;
    sCallout.notifyFn = WfpLogNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(g_Wfp.Device, &sCallout, &g_Wfp.CalloutId);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpsCalloutRegister 0x%08X", status);
        goto DeleteDevice;
    }

    /* dynamic session: everything we add goes away when the engine handle closes */
    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wfp.Engine);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpmEngineOpen 0x%08X", status);
        goto DeleteDevice;
    }

    status = WfpLogAddFilterObjects(g_Wfp.Engine);
    if (!NT_SUCCESS(status)) {
        WLOG("adding filter objects 0x%08X", status);
        goto CloseEngine;
    }

    WLOG("callout %u, filter %I64u", g_Wfp.CalloutId, g_Wfp.FilterId);
    return STATUS_SUCCESS;

CloseEngine:
    FwpmEngineClose(g_Wfp.Engine);
    g_Wfp.Engine = NULL;
    FwpsCalloutUnregisterById(g_Wfp.CalloutId);
DeleteDevice:
    IoDeleteDevice(g_Wfp.Device);
    g_Wfp.Device = NULL;
FreeRing:
    ExFreePoolWithTag(g_Wfp.Ring, WFPLOG_TAG);
    g_Wfp.Ring = NULL;
Exit:
    return status;
}

VOID
WfpLogUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    status = FwpsCalloutUnregisterById(g_Wfp.CalloutId);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpsCalloutUnregisterById 0x%08X", status);
    }

    IoDeleteDevice(g_Wfp.Device);
    ExFreePoolWithTag(g_Wfp.Ring, WFPLOG_TAG);

    WLOG("unloaded after %I64u packets", g_Wfp.Total);
}
