//
// bfe.cpp - sublayer/callout/filter objects in the base filtering engine
//
#define INITGUID
#include "mangle.h"

extern "C" const GUID TTL_CALLOUT_KEY =
    { 0x6b2f1e90, 0x4c3d, 0x4e8a, { 0x91, 0x0b, 0x5d, 0x27, 0x63, 0xaa, 0x1c, 0x4e } };
extern "C" const GUID TTL_SUBLAYER_KEY =
    { 0x0d8e4a71, 0x2f6b, 0x4a19, { 0xb3, 0x55, 0xe0, 0x9c, 0x41, 0x7d, 0x28, 0x93 } };

namespace ttl {

HANDLE Bfe::s_engine = nullptr;
UINT64 Bfe::s_filterId = 0;

namespace {

// closes the engine unless somebody takes the handle
struct EngineGuard
{
    HANDLE h = nullptr;
    bool   inTxn = false;
    ~EngineGuard()
    {
        if (inTxn) { FwpmTransactionAbort0(h); }
        if (h != nullptr) { FwpmEngineClose0(h); }
    }
    HANDLE Detach() { HANDLE t = h; h = nullptr; inTxn = false; return t; }
};

} // namespace

NTSTATUS Bfe::Install()
{
    EngineGuard eg;
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    RETURN_IF_FAILED(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &eg.h), "FwpmEngineOpen0");
    RETURN_IF_FAILED(FwpmTransactionBegin0(eg.h, 0), "FwpmTransactionBegin0");
    eg.inTxn = true;

    FWPM_SUBLAYER0 sub = {};
    sub.subLayerKey      = TTL_SUBLAYER_KEY;
    sub.displayData.name = const_cast<wchar_t*>(L"ttlmangle");
    sub.weight           = TTL_WEIGHT;
    RETURN_IF_FAILED(FwpmSubLayerAdd0(eg.h, &sub, nullptr), "FwpmSubLayerAdd0");

    FWPM_CALLOUT0 co = {};
    co.calloutKey       = TTL_CALLOUT_KEY;
    co.displayData.name = const_cast<wchar_t*>(L"ttlmangle outbound v4");
    co.applicableLayer  = FWPM_LAYER_OUTBOUND_IPPACKET_V4;
    RETURN_IF_FAILED(FwpmCalloutAdd0(eg.h, &co, nullptr, nullptr), "FwpmCalloutAdd0");

    FWPM_FILTER0 f = {};
    f.displayData.name  = const_cast<wchar_t*>(L"ttlmangle all outbound v4");
    f.layerKey          = FWPM_LAYER_OUTBOUND_IPPACKET_V4;
    f.subLayerKey       = TTL_SUBLAYER_KEY;
    f.weight.type       = FWP_EMPTY;
    f.action.type       = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = TTL_CALLOUT_KEY;
    RETURN_IF_FAILED(FwpmFilterAdd0(eg.h, &f, nullptr, &s_filterId), "FwpmFilterAdd0");

    RETURN_IF_FAILED(FwpmTransactionCommit0(eg.h), "FwpmTransactionCommit0");
    eg.inTxn = false;

    s_engine = eg.Detach();
    return STATUS_SUCCESS;
}

void Bfe::Remove()
{
    if (s_engine == nullptr) {
        return;
    }
    FwpmFilterDeleteById0(s_engine, s_filterId);
    FwpmCalloutDeleteByKey0(s_engine, &TTL_CALLOUT_KEY);
    FwpmSubLayerDeleteByKey0(s_engine, &TTL_SUBLAYER_KEY);
    FwpmEngineClose0(s_engine);
    s_engine = nullptr;
}

} // namespace ttl
