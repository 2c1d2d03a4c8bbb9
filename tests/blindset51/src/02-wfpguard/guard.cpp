//
// guard.cpp - callout + BFE objects
//
#define INITGUID
#include "guard.h"

extern "C" const GUID GUARD_CALLOUT_V4 =
    { 0x3e0c5d7a, 0x9b2e, 0x4d0f, { 0x8c, 0x61, 0x7a, 0x1f, 0x2b, 0x9e, 0x44, 0xc1 } };
extern "C" const GUID GUARD_SUBLAYER =
    { 0xc47a1e33, 0x52d9, 0x4b6b, { 0xa0, 0xf4, 0x1d, 0x8e, 0x6c, 0x2b, 0x7f, 0x05 } };

namespace guard {

UINT32          Callout::s_calloutId = 0;
volatile LONG64 Callout::s_blocked = 0;
volatile LONG64 Callout::s_seen = 0;
USHORT          Callout::s_ports[MaxBlockedPorts] = { 23, 135, 139, 445, 3389 };
USHORT          Callout::s_portCount = 5;

HANDLE          Engine::s_engine = nullptr;
UINT64          Engine::s_filterId = 0;

bool Callout::IsBlocked(USHORT port)
{
    for (USHORT i = 0; i < s_portCount; ++i) {
        if (s_ports[i] == port) {
            return true;
        }
    }
    return false;
}

void NTAPI Callout::Classify(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const void* classifyContext,
    const FWPS_FILTER2* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;     // someone above us already decided
    }

    InterlockedIncrement64(&s_seen);

    const USHORT port =
        inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    const UINT32 addr =
        inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;

    if (IsBlocked(port)) {
        InterlockedIncrement64(&s_blocked);
        GLOG("block %u.%u.%u.%u:%u",
             (addr >> 24) & 0xff, (addr >> 16) & 0xff, (addr >> 8) & 0xff, addr & 0xff, port);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
}

NTSTATUS NTAPI Callout::Notify(
    FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    const GUID* filterKey,
    FWPS_FILTER2* filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        GLOG("filter %I64u attached", filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        GLOG("filter %I64u detached", filter->filterId);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS Callout::Register(PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT2 sc = {};

    sc.calloutKey   = GUARD_CALLOUT_V4;
    sc.flags        = 0;
    sc.classifyFn   = Classify;
    sc.notifyFn     = Notify;
    sc.flowDeleteFn = nullptr;

    NTSTATUS status = FwpsCalloutRegister2(DeviceObject, &sc, &s_calloutId);
    if (!NT_SUCCESS(status)) {
        GERR("FwpsCalloutRegister2 0x%08X", status);
        s_calloutId = 0;
    }
    return status;
}

void Callout::Unregister()
{
    if (s_calloutId != 0) {
        NTSTATUS status = FwpsCalloutUnregisterById0(s_calloutId);
        if (!NT_SUCCESS(status)) {
            GERR("FwpsCalloutUnregisterById0 0x%08X", status);
        }
        s_calloutId = 0;
    }
}

NTSTATUS Engine::Install()
{
    NTSTATUS status;
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;   // BFE drops everything if we die

    status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_engine);
    if (!NT_SUCCESS(status)) {
        GERR("FwpmEngineOpen0 0x%08X", status);
        return status;
    }

    auto fail = [](NTSTATUS st, const char* what) -> NTSTATUS {
        GERR("%s failed 0x%08X, rolling back", what, st);
        FwpmTransactionAbort0(s_engine);
        return st;
    };

    status = FwpmTransactionBegin0(s_engine, 0);
    if (!NT_SUCCESS(status)) {
        GERR("FwpmTransactionBegin0 0x%08X", status);
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
        return status;
    }

    FWPM_SUBLAYER0 sub = {};
    sub.subLayerKey             = GUARD_SUBLAYER;
    sub.displayData.name        = const_cast<wchar_t*>(L"WfpGuard sublayer");
    sub.displayData.description = const_cast<wchar_t*>(L"port guard");
    sub.weight                  = 0x100;

    status = FwpmSubLayerAdd0(s_engine, &sub, nullptr);
    if (!NT_SUCCESS(status)) {
        return fail(status, "FwpmSubLayerAdd0");
    }

    FWPM_CALLOUT0 mc = {};
    mc.calloutKey               = GUARD_CALLOUT_V4;
    mc.displayData.name         = const_cast<wchar_t*>(L"WfpGuard connect v4");
    mc.displayData.description  = const_cast<wchar_t*>(L"blocks listed remote ports");
    mc.applicableLayer          = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd0(s_engine, &mc, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return fail(status, "FwpmCalloutAdd0");
    }

    FWPM_FILTER0 filter = {};
    filter.displayData.name         = const_cast<wchar_t*>(L"WfpGuard connect filter");
    filter.displayData.description  = const_cast<wchar_t*>(L"send every v4 connect to the callout");
    filter.layerKey                 = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey              = GUARD_SUBLAYER;
    filter.weight.type              = FWP_EMPTY;
    filter.numFilterConditions      = 0;
    filter.filterCondition          = nullptr;
    filter.action.type              = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey        = GUARD_CALLOUT_V4;

    status = FwpmFilterAdd0(s_engine, &filter, nullptr, &s_filterId);
    if (!NT_SUCCESS(status)) {
        return fail(status, "FwpmFilterAdd0");
    }

    status = FwpmTransactionCommit0(s_engine);
    if (!NT_SUCCESS(status)) {
        return fail(status, "FwpmTransactionCommit0");
    }

    GLOG("BFE objects in place, filter id %I64u", s_filterId);
    return STATUS_SUCCESS;
}

void Engine::Remove()
{
    if (s_engine == nullptr) {
        return;
    }

    if (s_filterId != 0) {
        FwpmFilterDeleteById0(s_engine, s_filterId);
        s_filterId = 0;
    }
    FwpmCalloutDeleteByKey0(s_engine, &GUARD_CALLOUT_V4);
    FwpmSubLayerDeleteByKey0(s_engine, &GUARD_SUBLAYER);

    FwpmEngineClose0(s_engine);
    s_engine = nullptr;
}

} // namespace guard
