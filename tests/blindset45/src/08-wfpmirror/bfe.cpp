// bfe.cpp - FWPM side. One dynamic session; objects vanish when it closes.
#define INITGUID
#include <guiddef.h>
#include "mirror.h"

namespace mirror {
namespace bfe {
namespace {

HANDLE s_Engine = nullptr;

// Aborts on scope exit unless Commit() succeeded.
class Transaction {
public:
    explicit Transaction(HANDLE engine) : m_Engine(engine), m_Open(false)
    {
        m_Status = FwpmTransactionBegin0(m_Engine, 0);
        m_Open = NT_SUCCESS(m_Status);
    }
    ~Transaction()
    {
        if (m_Open) {
            FwpmTransactionAbort0(m_Engine);
        }
    }
    NTSTATUS Status() const { return m_Status; }
    NTSTATUS Commit()
    {
        NTSTATUS st = FwpmTransactionCommit0(m_Engine);
        if (NT_SUCCESS(st)) {
            m_Open = false;
        }
        return st;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
private:
    HANDLE   m_Engine;
    bool     m_Open;
    NTSTATUS m_Status;
};

NTSTATUS AddCalloutAndFilter(const GUID& callout, const GUID& layer, PWSTR name)
{
    FWPM_CALLOUT0 mc = {};
    mc.calloutKey = callout;
    mc.displayData.name = name;
    mc.applicableLayer = layer;

    NTSTATUS status = FwpmCalloutAdd0(s_Engine, &mc, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_FILTER0 f = {};
    f.displayData.name = name;
    f.layerKey = layer;
    f.subLayerKey = MIRROR_SUBLAYER;
    f.weight.type = FWP_EMPTY;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = callout;
    f.numFilterConditions = 0;

    return FwpmFilterAdd0(s_Engine, &f, nullptr, nullptr);
}

} // anonymous namespace

NTSTATUS Init()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_Engine);
    if (!NT_SUCCESS(status)) {
        s_Engine = nullptr;
        return status;
    }

    {
        Transaction tx(s_Engine);
        status = tx.Status();

        if (NT_SUCCESS(status)) {
            FWPM_SUBLAYER0 sl = {};
            sl.subLayerKey = MIRROR_SUBLAYER;
            sl.displayData.name = const_cast<PWSTR>(L"wfpmirror");
            sl.weight = 0x100;
            status = FwpmSubLayerAdd0(s_Engine, &sl, nullptr);
        }
        if (NT_SUCCESS(status)) {
            status = AddCalloutAndFilter(MIRROR_CALLOUT_V4, FWPM_LAYER_INBOUND_TRANSPORT_V4,
                                         const_cast<PWSTR>(L"wfpmirror inbound v4"));
        }
        if (NT_SUCCESS(status)) {
            status = AddCalloutAndFilter(MIRROR_CALLOUT_V6, FWPM_LAYER_INBOUND_TRANSPORT_V6,
                                         const_cast<PWSTR>(L"wfpmirror inbound v6"));
        }
        if (NT_SUCCESS(status)) {
            status = tx.Commit();
        }
    }

    if (!NT_SUCCESS(status)) {
        FwpmEngineClose0(s_Engine);
        s_Engine = nullptr;
    }
    return status;
}

void Uninit()
{
    if (s_Engine != nullptr) {
        FwpmEngineClose0(s_Engine);
        s_Engine = nullptr;
    }
}

} // namespace bfe
} // namespace mirror
