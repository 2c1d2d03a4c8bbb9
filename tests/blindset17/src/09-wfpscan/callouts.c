/*
 * callouts.c - classify/notify/flow-delete functions and their registration.
 */
#include "wfpscan.h"

static const CHAR *WsPatterns[] = {
    "USER ",
    "PASS ",
    "AUTH PLAIN ",
    "AUTH LOGIN",
    "Authorization: Basic ",
    "LOGIN ",
};

static BOOLEAN
WsIsWatchedPort(
    _In_ UINT16 Port
    )
{
    BOOLEAN watched = FALSE;
    KLOCK_QUEUE_HANDLE lock;
    ULONG i;

    KeAcquireInStackQueuedSpinLock(&g_Ws.ConfigLock, &lock);
    for (i = 0; i < g_Ws.Ports.Count; i++) {
        if (g_Ws.Ports.Ports[i] == Port) {
            watched = TRUE;
            break;
        }
    }
    KeReleaseInStackQueuedSpinLock(&lock);
    return watched;
}

static BOOLEAN
WsScan(
    _In_reads_bytes_(Length) const UCHAR *Data,
    _In_ SIZE_T Length
    )
{
    SIZE_T i;
    ULONG p;

    for (p = 0; p < RTL_NUMBER_OF(WsPatterns); p++) {
        SIZE_T len = strlen(WsPatterns[p]);
        if (len > Length) {
            continue;
        }
        for (i = 0; i + len <= Length; i++) {
            if (RtlCompareMemory(Data + i, WsPatterns[p], len) == len) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

static VOID NTAPI
WsFlowEstablishedClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER2 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    PWS_FLOW flow;
    UINT16 remotePort;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    ClassifyOut->actionType = FWP_ACTION_PERMIT;

    if (InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_PROTOCOL].value.uint8 != IPPROTO_TCP) {
        return;
    }
    remotePort = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_REMOTE_PORT].value.uint16;
    if (!WsIsWatchedPort(remotePort) ||
        !FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_FLOW_HANDLE)) {
        return;
    }

    flow = (PWS_FLOW)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WS_FLOW), WS_TAG);
    if (flow == NULL) {
        return;
    }
    flow->FlowId = InMetaValues->flowHandle;
    flow->RemotePort = remotePort;
    flow->LocalPort = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_LOCAL_PORT].value.uint16;
    flow->RemoteAddress = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_REMOTE_ADDRESS].value.uint32;

    status = FwpsFlowAssociateContext0(flow->FlowId,
                                       FWPS_LAYER_STREAM_V4,
                                       g_Ws.StreamCalloutId,
                                       (UINT64)flow);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(flow, WS_TAG);
        return;
    }
    InterlockedIncrement64(&g_Ws.Stats.FlowsTracked);
}

static VOID NTAPI
WsStreamClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_opt_ const void *ClassifyContext,
    _In_ const FWPS_FILTER2 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    FWPS_STREAM_CALLOUT_IO_PACKET0 *packet = (FWPS_STREAM_CALLOUT_IO_PACKET0 *)LayerData;
    PWS_FLOW flow = (PWS_FLOW)FlowContext;
    UCHAR window[WS_SCAN_WINDOW];
    SIZE_T copied = 0;
    SIZE_T length;

    UNREFERENCED_PARAMETER(InFixedValues);
    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(Filter);

    ClassifyOut->actionType = FWP_ACTION_CONTINUE;

    if (packet == NULL || flow == NULL || packet->streamData == NULL) {
        return;
    }
    packet->streamAction = FWPS_STREAM_ACTION_NONE;
    packet->countBytesEnforced = 0;

    if (flow->Matched || !FlagOn(packet->streamData->flags, FWPS_STREAM_FLAG_SEND)) {
        return;
    }

    length = min(packet->streamData->dataLength, sizeof(window));
    FwpsCopyStreamDataToBuffer0(packet->streamData, window, length, &copied);
    flow->BytesSeen += (ULONG)copied;
    InterlockedAdd64(&g_Ws.Stats.BytesScanned, (LONG64)copied);

    if (!WsScan(window, copied)) {
        return;
    }

    flow->Matched = TRUE;
    InterlockedIncrement64(&g_Ws.Stats.Matches);
    DbgPrint("wfpscan: cleartext credentials to %u.%u.%u.%u:%u\n",
             (flow->RemoteAddress >> 24) & 0xFF, (flow->RemoteAddress >> 16) & 0xFF,
             (flow->RemoteAddress >> 8) & 0xFF, flow->RemoteAddress & 0xFF,
             flow->RemotePort);

    if (g_Ws.Ports.ResetOnMatch) {
        packet->streamAction = FWPS_STREAM_ACTION_DROP_CONNECTION;
        ClassifyOut->actionType = FWP_ACTION_NONE;
        InterlockedIncrement64(&g_Ws.Stats.Resets);
    }
}

static NTSTATUS NTAPI
WsNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ FWPS_FILTER2 *Filter
    )
{
    UNREFERENCED_PARAMETER(NotifyType);
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    return STATUS_SUCCESS;
}

static VOID NTAPI
WsFlowDelete(
    _In_ UINT16 LayerId,
    _In_ UINT32 CalloutId,
    _In_ UINT64 FlowContext
    )
{
    UNREFERENCED_PARAMETER(LayerId);
    UNREFERENCED_PARAMETER(CalloutId);

    if (FlowContext != 0) {
        ExFreePoolWithTag((PVOID)FlowContext, WS_TAG);
    }
}

NTSTATUS
WsRegisterCallouts(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    FWPS_CALLOUT2 callout;
    NTSTATUS status;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WS_CALLOUT_FLOW_ESTABLISHED_V4;
    callout.classifyFn = WsFlowEstablishedClassify;
    callout.notifyFn = WsNotify;
    callout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister2(DeviceObject, &callout, &g_Ws.FlowCalloutId);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WS_CALLOUT_STREAM_V4;
    callout.classifyFn = WsStreamClassify;
    callout.notifyFn = WsNotify;
    callout.flowDeleteFn = WsFlowDelete;
    callout.flags = FWP_CALLOUT_FLAG_CONDITIONAL_ON_FLOW;

    status = FwpsCalloutRegister2(DeviceObject, &callout, &g_Ws.StreamCalloutId);
    if (!NT_SUCCESS(status)) {
        FwpsCalloutUnregisterById0(g_Ws.FlowCalloutId);
        g_Ws.FlowCalloutId = 0;
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
WsUnregisterCallouts(
    VOID
    )
{
    if (g_Ws.StreamCalloutId != 0) {
        FwpsCalloutUnregisterById0(g_Ws.StreamCalloutId);
        g_Ws.StreamCalloutId = 0;
    }
    if (g_Ws.FlowCalloutId != 0) {
        FwpsCalloutUnregisterById0(g_Ws.FlowCalloutId);
        g_Ws.FlowCalloutId = 0;
    }
}
