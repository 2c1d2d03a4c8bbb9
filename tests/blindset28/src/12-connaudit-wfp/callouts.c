/*
 * ConnAudit - callout table, classify/notify functions, registration.
 */
#define INITGUID
#include <guiddef.h>

#include "connaudit.h"

// {3C9A6E21-7D0B-4B8E-9F14-0E6C2A5D8B71}
DEFINE_GUID(CA_CALLOUT_CONNECT_V4,
    0x3c9a6e21, 0x7d0b, 0x4b8e, 0x9f, 0x14, 0x0e, 0x6c, 0x2a, 0x5d, 0x8b, 0x71);
// {3C9A6E22-7D0B-4B8E-9F14-0E6C2A5D8B71}
DEFINE_GUID(CA_CALLOUT_CONNECT_V6,
    0x3c9a6e22, 0x7d0b, 0x4b8e, 0x9f, 0x14, 0x0e, 0x6c, 0x2a, 0x5d, 0x8b, 0x71);
// {3C9A6E23-7D0B-4B8E-9F14-0E6C2A5D8B71}
DEFINE_GUID(CA_CALLOUT_ACCEPT_V4,
    0x3c9a6e23, 0x7d0b, 0x4b8e, 0x9f, 0x14, 0x0e, 0x6c, 0x2a, 0x5d, 0x8b, 0x71);
// {3C9A6E24-7D0B-4B8E-9F14-0E6C2A5D8B71}
DEFINE_GUID(CA_CALLOUT_ACCEPT_V6,
    0x3c9a6e24, 0x7d0b, 0x4b8e, 0x9f, 0x14, 0x0e, 0x6c, 0x2a, 0x5d, 0x8b, 0x71);
// {3C9A6E2F-7D0B-4B8E-9F14-0E6C2A5D8B71}
DEFINE_GUID(CA_SUBLAYER_KEY,
    0x3c9a6e2f, 0x7d0b, 0x4b8e, 0x9f, 0x14, 0x0e, 0x6c, 0x2a, 0x5d, 0x8b, 0x71);

CA_CALLOUT_DESC g_CaCallouts[CA_CALLOUT_COUNT] = {
    { &CA_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,     L"ConnAudit connect v4", 0, FALSE, 0, 0 },
    { &CA_CALLOUT_CONNECT_V6, &FWPM_LAYER_ALE_AUTH_CONNECT_V6,     L"ConnAudit connect v6", 0, FALSE, 0, 0 },
    { &CA_CALLOUT_ACCEPT_V4,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, L"ConnAudit accept v4",  0, FALSE, 0, 0 },
    { &CA_CALLOUT_ACCEPT_V6,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6, L"ConnAudit accept v6",  0, FALSE, 0, 0 },
};

static VOID NTAPI
CaClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ VOID *LayerData,
    _In_opt_ const VOID *ClassifyContext,
    _In_ const FWPS_FILTER1 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    UNREFERENCED_PARAMETER(InFixedValues);
    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(FlowContext);

    // filter->context carries the table index (set as rawContext in bfe.c)
    if (Filter->context < CA_CALLOUT_COUNT) {
        InterlockedIncrement64(&g_CaCallouts[Filter->context].Classifications);
    }

    if ((ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) != 0) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
CaNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER1 *Filter
    )
{
    UNREFERENCED_PARAMETER(NotifyType);
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    return STATUS_SUCCESS;
}

NTSTATUS
CaRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    FWPS_CALLOUT1 callout;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG i;

    for (i = 0; i < CA_CALLOUT_COUNT; i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *g_CaCallouts[i].CalloutKey;
        callout.flags = 0;
        callout.classifyFn = CaClassify;
        callout.notifyFn = CaNotify;
        callout.flowDeleteFn = NULL;

        status = FwpsCalloutRegister1(DeviceObject, &callout, &g_CaCallouts[i].RuntimeId);
        if (!NT_SUCCESS(status)) {
            KdPrint(("ConnAudit: FwpsCalloutRegister1(%ws) 0x%08X\n", g_CaCallouts[i].Name, status));
            break;
        }
        g_CaCallouts[i].Registered = TRUE;
    }

    if (!NT_SUCCESS(status)) {
        CaUnregisterCallouts();
    }
    return status;
}

VOID
CaUnregisterCallouts(
    VOID
    )
{
    NTSTATUS status;
    ULONG i = CA_CALLOUT_COUNT;

    //
    // No flow contexts are ever associated, so unregistering cannot come
    // back with STATUS_DEVICE_BUSY.
    //
    while (i-- > 0) {
        if (!g_CaCallouts[i].Registered) {
            continue;
        }
        status = FwpsCalloutUnregisterById0(g_CaCallouts[i].RuntimeId);
        if (!NT_SUCCESS(status)) {
            KdPrint(("ConnAudit: FwpsCalloutUnregisterById0(%u) 0x%08X\n",
                     g_CaCallouts[i].RuntimeId, status));
        }
        g_CaCallouts[i].Registered = FALSE;
        g_CaCallouts[i].RuntimeId = 0;
    }
}

VOID
CaLogCounters(
    VOID
    )
{
    ULONG i;

    for (i = 0; i < CA_CALLOUT_COUNT; i++) {
        KdPrint(("ConnAudit: %ws: %I64d classifications\n",
                 g_CaCallouts[i].Name, g_CaCallouts[i].Classifications));
    }
}
