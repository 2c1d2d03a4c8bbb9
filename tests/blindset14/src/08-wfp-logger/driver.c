/*
 * driver.c - WfpLog entry/unload
 *
 * Objects are added through a dynamic session, so closing the engine handle
 * removes the sublayer, callout object and filter in one go.
 */
#include "wfplog.h"
#include <initguid.h>

/* {6b0e1d1a-4a55-4c3e-9d2b-5f1a7c3e9a01} */
DEFINE_GUID(WFPLOG_CALLOUT_KEY,
            0x6b0e1d1a, 0x4a55, 0x4c3e, 0x9d, 0x2b, 0x5f, 0x1a, 0x7c, 0x3e, 0x9a, 0x01);
/* {6b0e1d1a-4a55-4c3e-9d2b-5f1a7c3e9a02} */
DEFINE_GUID(WFPLOG_SUBLAYER_KEY,
            0x6b0e1d1a, 0x4a55, 0x4c3e, 0x9d, 0x2b, 0x5f, 0x1a, 0x7c, 0x3e, 0x9a, 0x02);

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WfpUnload;

WFP_GLOBALS g_Wfp;

static VOID WfpCleanup(ULONG Mask)
{
    if (Mask & WFP_F_ENGINE) {
        /* dynamic session: filter, callout object and sublayer go with it */
        FwpmEngineClose(g_Wfp.Engine);
        g_Wfp.Engine = NULL;
    }
    if (Mask & WFP_F_CALLOUT) {
        FwpsCalloutUnregisterById(g_Wfp.CalloutId);
        g_Wfp.CalloutId = 0;
    }
    if (Mask & WFP_F_DEVICE) {
        IoDeleteDevice(g_Wfp.Device);
        g_Wfp.Device = NULL;
    }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    ULONG done = 0;
    BOOLEAN inTransaction = FALSE;
    FWPS_CALLOUT callout;
    FWPM_SESSION session;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = WfpUnload;

    /* callouts need a device object to register against */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_Wfp.Device);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    done |= WFP_F_DEVICE;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WFPLOG_CALLOUT_KEY;
    callout.classifyFn = WfpClassify;
    callout.notifyFn = WfpNotify;
    callout.flowDeleteFn = NULL;
    status = FwpsCalloutRegister(g_Wfp.Device, &callout, &g_Wfp.CalloutId);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    done |= WFP_F_DEVICE;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Wfp.Engine);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    done |= WFP_F_ENGINE;

    status = FwpmTransactionBegin(g_Wfp.Engine, 0);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    inTransaction = TRUE;

    status = WfpAddObjects(g_Wfp.Engine);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = FwpmTransactionCommit(g_Wfp.Engine);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    inTransaction = FALSE;

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfplog: callout %u, filter %llu\n",
               g_Wfp.CalloutId, g_Wfp.FilterId);

Exit:
    if (!NT_SUCCESS(status)) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wfplog: init failed 0x%08X\n", status);
        if (inTransaction) {
            FwpmTransactionAbort(g_Wfp.Engine);
        }
        WfpCleanup(done);
    }
    return status;
}

VOID WfpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WfpCleanup(WFP_F_ALL);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfplog: unloaded after %lld connects\n", g_Wfp.Connects);
}
