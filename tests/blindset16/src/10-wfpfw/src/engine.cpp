// engine.cpp - BFE session, provider, sublayer, callouts and filters.
//
// Copyright (c) wfpfw authors. MIT License.

#include "wfpfw.h"

namespace {

// Aborts the transaction unless Commit() succeeded.
class Transaction {
public:
    explicit Transaction(HANDLE engine) : m_engine(engine) {}
    ~Transaction()
    {
        if (m_active) {
            FwpmTransactionAbort0(m_engine);
        }
    }

    NTSTATUS Begin()
    {
        NTSTATUS status = FwpmTransactionBegin0(m_engine, 0);
        m_active = NT_SUCCESS(status);
        return status;
    }

    NTSTATUS Commit()
    {
        NTSTATUS status = FwpmTransactionCommit0(m_engine);
        if (NT_SUCCESS(status)) {
            m_active = false;
        }
        return status;
    }

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    HANDLE m_engine;
    bool   m_active = false;
};

NTSTATUS AddProviderAndSublayer(HANDLE engine)
{
    FWPM_PROVIDER0 provider = {};
    provider.providerKey = FW_PROVIDER_KEY;
    provider.displayData.name = const_cast<wchar_t*>(L"wfpfw");
    provider.displayData.description = const_cast<wchar_t*>(L"WFP port firewall");

    NTSTATUS status = FwpmProviderAdd0(engine, &provider, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_SUBLAYER0 sublayer = {};
    sublayer.subLayerKey = FW_SUBLAYER_KEY;
    sublayer.displayData.name = const_cast<wchar_t*>(L"wfpfw sublayer");
    sublayer.providerKey = const_cast<GUID*>(&FW_PROVIDER_KEY);
    sublayer.weight = 0x8000;

    return FwpmSubLayerAdd0(engine, &sublayer, nullptr);
}

NTSTATUS AddCalloutAndFilter(HANDLE engine, const fw::CalloutDesc& desc)
{
    FWPM_CALLOUT0 callout = {};
    callout.calloutKey = *desc.Key;
    callout.displayData.name = const_cast<wchar_t*>(desc.Name);
    callout.providerKey = const_cast<GUID*>(&FW_PROVIDER_KEY);
    callout.applicableLayer = *desc.Layer;

    NTSTATUS status = FwpmCalloutAdd0(engine, &callout, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_FILTER0 filter = {};
    filter.displayData.name = const_cast<wchar_t*>(desc.Name);
    filter.providerKey = const_cast<GUID*>(&FW_PROVIDER_KEY);
    filter.layerKey = *desc.Layer;
    filter.subLayerKey = FW_SUBLAYER_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = *desc.Key;
    filter.numFilterConditions = 0;
    filter.filterCondition = nullptr;

    return FwpmFilterAdd0(engine, &filter, nullptr, nullptr);
}

} // namespace

namespace fw {

NTSTATUS EngineHandle::Open()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = const_cast<wchar_t*>(L"wfpfw session");

    NT_ASSERT(m_handle == nullptr);
    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &m_handle);
    if (!NT_SUCCESS(status)) {
        m_handle = nullptr;
    }
    return status;
}

void EngineHandle::Close()
{
    if (m_handle != nullptr) {
        FwpmEngineClose0(m_handle);
        m_handle = nullptr;
    }
}

NTSTATUS AddFilteringObjects(_In_ HANDLE engine, _In_ const Config& config)
{
    Transaction txn(engine);

    NTSTATUS status = txn.Begin();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = AddProviderAndSublayer(engine);
    if (!NT_SUCCESS(status)) {
        FW_ERR("provider/sublayer 0x%08X", status);
        return status;
    }

    for (ULONG i = 0; i < kCalloutCount; ++i) {
        if (kCallouts[i].V6 && !config.EnableV6) {
            continue;
        }
        status = AddCalloutAndFilter(engine, kCallouts[i]);
        if (!NT_SUCCESS(status)) {
            FW_ERR("callout/filter %ws 0x%08X", kCallouts[i].Name, status);
            return status;
        }
    }

    return txn.Commit();
}

} // namespace fw
