// callouts.cpp - classify functions and the BFE objects (sublayer, callouts, filters)
#include "wfplog.h"

namespace wfplog {

static void Permit(FWPS_CLASSIFY_OUT0* classifyOut)
{
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

void NTAPI Callouts::ClassifyConnect(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const FWPS_FILTER0* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    const auto& v = inFixedValues->incomingValue;
    const UINT32 remote = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    const UINT16 port   = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    const UINT8  proto  = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    UINT64 pid = 0;
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = inMetaValues->processId;
    }

    InterlockedIncrement64(&g_State.Connects);
    LOGW("connect pid=%llu proto=%u -> %u.%u.%u.%u:%u", pid, proto,
         (remote >> 24) & 0xFF, (remote >> 16) & 0xFF, (remote >> 8) & 0xFF, remote & 0xFF, port);

    Permit(classifyOut);
}

void NTAPI Callouts::ClassifyRecv(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const FWPS_FILTER0* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    InterlockedIncrement64(&g_State.Packets);
    Permit(classifyOut);
}

NTSTATUS NTAPI Callouts::Notify(
    FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    const GUID* filterKey,
    const FWPS_FILTER0* filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        LOGW("filter attached to one of our callouts%s", "");
    }
    return STATUS_SUCCESS;
}

NTSTATUS Callouts::RegisterConnect(PDEVICE_OBJECT device, UINT32* id)
{
    FWPS_CALLOUT0 callout = {};
    callout.calloutKey = kConnectCalloutKey;
    callout.classifyFn = &Callouts::ClassifyConnect;
    callout.notifyFn   = &Callouts::Notify;
    callout.flowDeleteFn = nullptr;

    return FwpsCalloutRegister0(device, &callout, id);
}

NTSTATUS Callouts::RegisterRecv(PDEVICE_OBJECT device, UINT32* id)
{
    FWPS_CALLOUT0 callout = {};
    callout.calloutKey = kRecvCalloutKey;
    callout.classifyFn = &Callouts::ClassifyRecv;
    callout.notifyFn   = &Callouts::Notify;
    callout.flowDeleteFn = nullptr;

    return FwpsCalloutRegister0(device, &callout, id);
}

//
// Adds sublayer, two management callouts and two filters in one
// transaction. The session is dynamic, so closing the engine handle
// removes all of it again.
//
NTSTATUS Callouts::AddManagementObjects(HANDLE engine)
{
    NTSTATUS status = FwpmTransactionBegin0(engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto abort = MakeGuard([engine] { FwpmTransactionAbort0(engine); });

    FWPM_SUBLAYER0 sublayer = {};
    sublayer.subLayerKey = kSublayerKey;
    sublayer.displayData.name = const_cast<wchar_t*>(L"wfplog sublayer");
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(engine, &sublayer, nullptr);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmSubLayerAdd0 0x%08X", status);
        return status;
    }

    FWPM_CALLOUT0 connect = {};
    connect.calloutKey = kConnectCalloutKey;
    connect.displayData.name = const_cast<wchar_t*>(L"wfplog connect");
    connect.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(engine, &connect, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmCalloutAdd0(connect) 0x%08X", status);
        return status;
    }

    FWPM_CALLOUT0 recv = {};
    recv.calloutKey = kRecvCalloutKey;
    recv.displayData.name = const_cast<wchar_t*>(L"wfplog recv");
    recv.applicableLayer = FWPM_LAYER_INBOUND_TRANSPORT_V4;
    status = FwpmCalloutAdd0(engine, &recv, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmCalloutAdd0(recv) 0x%08X", status);
        return status;
    }

    FWPM_FILTER0 f1 = {};
    f1.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    f1.subLayerKey = kSublayerKey;
    f1.displayData.name = const_cast<wchar_t*>(L"wfplog connect filter");
    f1.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f1.action.calloutKey = kConnectCalloutKey;
    f1.weight.type = FWP_EMPTY;

    FWPM_FILTER0 f2 = f1;
    f2.layerKey = FWPM_LAYER_INBOUND_TRANSPORT_V4;
    f2.displayData.name = const_cast<wchar_t*>(L"wfplog recv filter");
    f2.action.calloutKey = kRecvCalloutKey;

    status = FwpmFilterAdd0(engine, &f1, nullptr, &g_State.ConnectFilterId);
    status = FwpmFilterAdd0(engine, &f2, nullptr, &g_State.RecvFilterId);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmFilterAdd0 0x%08X", status);
        return status;
    }

    status = FwpmTransactionCommit0(engine);
    if (!NT_SUCCESS(status)) {
        LOGW("FwpmTransactionCommit0 0x%08X", status);
        return status;
    }
    abort.Dismiss();
    return STATUS_SUCCESS;
}

} // namespace wfplog
