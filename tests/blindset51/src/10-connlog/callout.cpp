//
// callout.cpp - inspection callout at ALE_AUTH_CONNECT_V4
//
#define INITGUID
#include "connlog.h"

// {9A3C6E21-47D8-4B0F-A5E2-61C8D37F0B94}
extern "C" const GUID CL_CALLOUT_KEY =
    { 0x9a3c6e21, 0x47d8, 0x4b0f, { 0xa5, 0xe2, 0x61, 0xc8, 0xd3, 0x7f, 0x0b, 0x94 } };
// {1E7B40C5-8D2A-4F63-B90E-7C54A2D1E836}
extern "C" const GUID CL_SUBLAYER_KEY =
    { 0x1e7b40c5, 0x8d2a, 0x4f63, { 0xb9, 0x0e, 0x7c, 0x54, 0xa2, 0xd1, 0xe8, 0x36 } };

namespace connlog {

UINT32 Callout::s_id = 0;
HANDLE Callout::s_engine = nullptr;
UINT64 Callout::s_filterId = 0;

void NTAPI Callout::Classify(
    const FWPS_INCOMING_VALUES0* in,
    const FWPS_INCOMING_METADATA_VALUES0* meta,
    void* layerData,
    const void* classifyContext,
    const FWPS_FILTER2* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    CONNLOG_ENTRY e = {};
    KeQuerySystemTimePrecise(&e.Time);
    e.RemoteAddr = in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    e.RemotePort = in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    e.Protocol   = in->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;
    if (FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_PROCESS_ID)) {
        e.ProcessId = meta->processId;
    }
    Ring::Push(e);

    // inspection only: leave the decision to whoever comes next
    if (out->rights & FWPS_RIGHT_ACTION_WRITE) {
        out->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI Callout::Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER2*)
{
    return STATUS_SUCCESS;
}

NTSTATUS Callout::Register(PDEVICE_OBJECT device)
{
    FWPS_CALLOUT2 c = {};
    c.calloutKey = CL_CALLOUT_KEY;
    c.classifyFn = Classify;
    c.notifyFn   = Notify;

    NTSTATUS status = FwpsCalloutRegister2(device, &c, &s_id);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("FwpsCalloutRegister2 0x%08X", status);
        s_id = 0;
    }
    return status;
}

void Callout::Unregister()
{
    if (s_id != 0) {
        NTSTATUS status = FwpsCalloutUnregisterById0(s_id);
        NT_ASSERT(NT_SUCCESS(status));   // no flow contexts, can't be busy
        UNREFERENCED_PARAMETER(status);
        s_id = 0;
    }
}

NTSTATUS Callout::AddBfeObjects()
{
    HANDLE engine = nullptr;
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &engine);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("FwpmEngineOpen0 0x%08X", status);
        return status;
    }
    ScopeExit closeEngine([&] { FwpmEngineClose0(engine); });

    status = FwpmTransactionBegin0(engine, 0);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("FwpmTransactionBegin0 0x%08X", status);
        return status;
    }
    ScopeExit abortTxn([&] { FwpmTransactionAbort0(engine); });

    FWPM_SUBLAYER0 sub = {};
    sub.subLayerKey      = CL_SUBLAYER_KEY;
    sub.displayData.name = const_cast<wchar_t*>(L"connlog");
    sub.weight           = 0x10;

    FWPM_CALLOUT0 mc = {};
    mc.calloutKey       = CL_CALLOUT_KEY;
    mc.displayData.name = const_cast<wchar_t*>(L"connlog connect v4");
    mc.applicableLayer  = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    FWPM_FILTER0 f = {};
    f.displayData.name  = const_cast<wchar_t*>(L"connlog connect v4");
    f.layerKey          = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    f.subLayerKey       = CL_SUBLAYER_KEY;
    f.weight.type       = FWP_EMPTY;
    f.action.type       = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = CL_CALLOUT_KEY;

    UINT64 filterId = 0;
    if (!NT_SUCCESS(status = FwpmSubLayerAdd0(engine, &sub, nullptr)) ||
        !NT_SUCCESS(status = FwpmCalloutAdd0(engine, &mc, nullptr, nullptr)) ||
        !NT_SUCCESS(status = FwpmFilterAdd0(engine, &f, nullptr, &filterId))) {
        CL_ERROR("adding BFE objects 0x%08X", status);
        return status;
    }

    status = FwpmTransactionCommit0(engine);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("FwpmTransactionCommit0 0x%08X", status);
        return status;
    }
    abortTxn.Dismiss();
    closeEngine.Dismiss();

    s_engine = engine;
    s_filterId = filterId;
    return STATUS_SUCCESS;
}

void Callout::RemoveBfeObjects()
{
    if (s_engine == nullptr) {
        return;
    }
    FwpmFilterDeleteById0(s_engine, s_filterId);
    FwpmCalloutDeleteByKey0(s_engine, &CL_CALLOUT_KEY);
    FwpmSubLayerDeleteByKey0(s_engine, &CL_SUBLAYER_KEY);
    FwpmEngineClose0(s_engine);
    s_engine = nullptr;
    s_filterId = 0;
}

} // namespace connlog
