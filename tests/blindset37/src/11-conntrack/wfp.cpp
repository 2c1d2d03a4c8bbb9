//
// wfp.cpp - callout registration and BFE objects for ConnTrack
//
#include "conntrack.h"

namespace ct {

Counters g_Counters = {};

HANDLE Wfp::s_engine = nullptr;
UINT32 Wfp::s_idV4 = 0;
UINT32 Wfp::s_idV6 = 0;

namespace {

// aborts the BFE transaction unless Commit() was reached
class Transaction {
public:
    explicit Transaction(HANDLE engine) : m_engine(engine), m_open(false) {}
    ~Transaction() {
        if (m_open) {
            FwpmTransactionAbort0(m_engine);
        }
    }
    NTSTATUS Begin() {
        NTSTATUS st = FwpmTransactionBegin0(m_engine, 0);
        m_open = NT_SUCCESS(st);
        return st;
    }
    NTSTATUS Commit() {
        NTSTATUS st = FwpmTransactionCommit0(m_engine);
        if (NT_SUCCESS(st)) {
            m_open = false;
        }
        return st;
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
private:
    HANDLE m_engine;
    bool   m_open;
};

void CountProtocol(UINT8 proto)
{
    switch (proto) {
    case IPPROTO_TCP: InterlockedIncrement64(&g_Counters.Tcp);   break;
    case IPPROTO_UDP: InterlockedIncrement64(&g_Counters.Udp);   break;
    default:          InterlockedIncrement64(&g_Counters.Other); break;
    }
}

void NTAPI ClassifyV4(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0*,
                      void*, const void*, const FWPS_FILTER1*, UINT64, FWPS_CLASSIFY_OUT0* classifyOut)
{
    InterlockedIncrement64(&g_Counters.FlowsV4);
    CountProtocol(inFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_PROTOCOL].value.uint8);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

void NTAPI ClassifyV6(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0*,
                      void*, const void*, const FWPS_FILTER1*, UINT64, FWPS_CLASSIFY_OUT0* classifyOut)
{
    InterlockedIncrement64(&g_Counters.FlowsV6);
    CountProtocol(inFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_PROTOCOL].value.uint8);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER1*)
{
    return STATUS_SUCCESS;
}

NTSTATUS AddCalloutAndFilter(HANDLE engine, const GUID& calloutKey, const GUID& layerKey, PWSTR name)
{
    FWPM_CALLOUT0 callout = {};
    callout.calloutKey = calloutKey;
    callout.displayData.name = name;
    callout.applicableLayer = layerKey;

    NTSTATUS status = FwpmCalloutAdd0(engine, &callout, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_FILTER0 filter = {};
    filter.displayData.name = name;
    filter.layerKey = layerKey;
    filter.subLayerKey = CT_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = calloutKey;

    return FwpmFilterAdd0(engine, &filter, nullptr, nullptr);
}

} // namespace

NTSTATUS Wfp::RegisterCallout(PDEVICE_OBJECT device, const GUID& key,
                              FWPS_CALLOUT_CLASSIFY_FN1 classify, UINT32* id)
{
    FWPS_CALLOUT1 callout = {};
    callout.calloutKey = key;
    callout.classifyFn = classify;
    callout.notifyFn = Notify;
    callout.flowDeleteFn = nullptr;

    return FwpsCalloutRegister1(device, &callout, id);
}

// everything added here belongs to a dynamic session and disappears
// with FwpmEngineClose0
NTSTATUS Wfp::AddManagementObjects()
{
    Transaction tx(s_engine);

    NTSTATUS status = tx.Begin();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_SUBLAYER0 sublayer = {};
    sublayer.subLayerKey = CT_SUBLAYER;
    sublayer.displayData.name = const_cast<PWSTR>(L"ConnTrack");
    sublayer.weight = 0x0100;
    status = FwpmSubLayerAdd0(s_engine, &sublayer, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = AddCalloutAndFilter(s_engine, CT_CALLOUT_V4, FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4,
                                 const_cast<PWSTR>(L"ConnTrack v4"));
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = AddCalloutAndFilter(s_engine, CT_CALLOUT_V6, FWPM_LAYER_ALE_FLOW_ESTABLISHED_V6,
                                 const_cast<PWSTR>(L"ConnTrack v6"));
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return tx.Commit();
}

NTSTATUS Wfp::Start(_In_ PDEVICE_OBJECT device)
{
    NTSTATUS status = RegisterCallout(device, CT_CALLOUT_V4, ClassifyV4, &s_idV4);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpsCalloutRegister1(v4) 0x%08X", status);
        return status;
    }

    status = RegisterCallout(device, CT_CALLOUT_V6, ClassifyV6, &s_idV6);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpsCalloutRegister1(v6) 0x%08X", status);
        FwpsCalloutUnregisterById(s_idV4);
        s_idV4 = 0;
        return status;
    }

    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_engine);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpmEngineOpen0 0x%08X", status);
        s_engine = nullptr;
        goto unregister;
    }

    status = AddManagementObjects();
    if (!NT_SUCCESS(status)) {
        CT_LOG("AddManagementObjects 0x%08X", status);
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
        goto unregister;
    }

    return STATUS_SUCCESS;

unregister:
    FwpsCalloutUnregisterById(s_idV6);
    FwpsCalloutUnregisterById(s_idV4);
    s_idV6 = s_idV4 = 0;
    return status;
}

void Wfp::Stop()
{
    // closing the dynamic session removes the filters, so classify stops
    // being called before the callouts go away
    if (s_engine) {
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
    }

    if (s_idV6) {
        NTSTATUS status = FwpsCalloutUnregisterById(s_idV6);
        if (!NT_SUCCESS(status)) {
            CT_LOG("unregister v6 0x%08X", status);
        }
        s_idV6 = 0;
    }
    if (s_idV4) {
        NTSTATUS status = FwpsCalloutUnregisterById(s_idV4);
        if (!NT_SUCCESS(status)) {
            CT_LOG("unregister v4 0x%08X", status);
        }
        s_idV4 = 0;
    }
}

} // namespace ct
