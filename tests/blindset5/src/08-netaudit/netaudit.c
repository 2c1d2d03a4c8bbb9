/*
 * netaudit.c - DriverEntry / Unload and WFP registration.
 */
#include "netaudit.h"

const NA_CALLOUT_DEF g_NaCallouts[NA_CALLOUT_COUNT] = {
    { &NA_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,     NaClassifyConnect, NaNotify, NULL, L"NetAudit connect v4" },
    { &NA_CALLOUT_ACCEPT_V4,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, NaClassifyAccept,  NaNotify, NULL, L"NetAudit accept v4"  },
    { &NA_CALLOUT_STREAM_V4,  &FWPM_LAYER_STREAM_V4,               NaClassifyStream,  NaNotify, NULL, L"NetAudit stream v4"  },
};

static PDEVICE_OBJECT g_NaDevice = NULL;
static HANDLE         g_EngineHandle = NULL;
static UINT32         g_CalloutIds[NA_CALLOUT_COUNT];

static NTSTATUS NaRegisterCallouts(VOID);
static NTSTATUS NaAddFilters(VOID);

#pragma alloc_text(INIT, DriverEntry)

static NTSTATUS
NaRegisterCallouts(VOID)
{
    FWPS_CALLOUT3 sCallout;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < NA_CALLOUT_COUNT; i++) {
        RtlZeroMemory(&sCallout, sizeof(sCallout));
        sCallout.calloutKey = *g_NaCallouts[i].CalloutKey;
        sCallout.classifyFn = g_NaCallouts[i].Classify;
        sCallout.notifyFn = g_NaCallouts[i].Notify;
        sCallout.flowDeleteFn = g_NaCallouts[i].FlowDelete;

        status = FwpsCalloutRegister3(g_NaDevice, &sCallout, &g_CalloutIds[i]);
        if (!NT_SUCCESS(status)) {
            KdPrint(("NetAudit: FwpsCalloutRegister3(%u) failed 0x%08X\n", i, status));
            break;
        }
    }

    if (!NT_SUCCESS(status)) {
        // undo the callouts registered so far
        while (--i > 0) {
            FwpsCalloutUnregisterById(g_CalloutIds[i]);
            g_CalloutIds[i] = 0;
        }
    }
    return status;
}

static NTSTATUS
NaAddFilters(VOID)
{
    FWPM_SUBLAYER subLayer;
    FWPM_CALLOUT mCallout;
    FWPM_FILTER filter;
    NTSTATUS status;
    ULONG i;

    status = FwpmTransactionBegin(g_EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = NA_SUBLAYER;
    subLayer.displayData.name = L"NetAudit sublayer";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd(g_EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    for (i = 0; i < NA_CALLOUT_COUNT; i++) {
        RtlZeroMemory(&mCallout, sizeof(mCallout));
        mCallout.calloutKey = *g_NaCallouts[i].CalloutKey;
        mCallout.displayData.name = (PWSTR)g_NaCallouts[i].Name;
        mCallout.applicableLayer = *g_NaCallouts[i].LayerKey;
        status = FwpmCalloutAdd(g_EngineHandle, &mCallout, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto Abort;
        }

        RtlZeroMemory(&filter, sizeof(filter));
        filter.layerKey = *g_NaCallouts[i].LayerKey;
        filter.subLayerKey = NA_SUBLAYER;
        filter.displayData.name = (PWSTR)g_NaCallouts[i].Name;
        filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
        filter.action.calloutKey = *g_NaCallouts[i].CalloutKey;
        filter.weight.type = FWP_EMPTY;
        status = FwpmFilterAdd(g_EngineHandle, &filter, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto Abort;
        }
    }

    status = FwpmTransactionCommit(g_EngineHandle);
    if (NT_SUCCESS(status)) {
        return status;
    }

Abort:
    FwpmTransactionAbort(g_EngineHandle);
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    FWPM_SESSION session;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_NaDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = NaRegisterCallouts();
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_NaDevice);
        g_NaDevice = NULL;
        return status;
    }

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_EngineHandle);
    if (NT_SUCCESS(status)) {
        status = NaAddFilters();
    }

    if (!NT_SUCCESS(status)) {
        if (g_EngineHandle != NULL) {
            FwpmEngineClose(g_EngineHandle);
            g_EngineHandle = NULL;
        }
        for (i = 0; i < NA_CALLOUT_COUNT; i++) {
            FwpsCalloutUnregisterById(g_CalloutIds[i]);
        }
        IoDeleteDevice(g_NaDevice);
        g_NaDevice = NULL;
        return status;
    }

    DriverObject->DriverUnload = NaUnload;
    return STATUS_SUCCESS;
}

VOID
NaUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(DriverObject);

    // dynamic session: closing the engine removes our filters and callouts
    FwpmEngineClose(g_EngineHandle);
    g_EngineHandle = NULL;

    for (i = 0; i < NA_CALLOUT_COUNT; i++) {
        FwpsCalloutUnregisterById(g_CalloutIds[i]);
    }

    IoDeleteDevice(g_NaDevice);
    g_NaDevice = NULL;
}
