// callouts.cpp - classify functions and BFE object management
#include <initguid.h>
#include "wfpcount.h"

namespace wc {

volatile LONG64 Counters::s_connect = 0;
volatile LONG64 Counters::s_accept = 0;
HANDLE Engine::s_engine = nullptr;

namespace {

void NTAPI ClassifyConnect(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
                           void*, const FWPS_FILTER0*, UINT64, FWPS_CLASSIFY_OUT0* out)
{
    Counters::Connect();
    if (out->rights & FWPS_RIGHT_ACTION_WRITE) {
        out->actionType = FWP_ACTION_PERMIT;
    }
}

void NTAPI ClassifyAccept(const FWPS_INCOMING_VALUES0*, const FWPS_INCOMING_METADATA_VALUES0*,
                          void*, const FWPS_FILTER0*, UINT64, FWPS_CLASSIFY_OUT0* out)
{
    Counters::Accept();
    if (out->rights & FWPS_RIGHT_ACTION_WRITE) {
        out->actionType = FWP_ACTION_PERMIT;
    }
}

NTSTATUS NTAPI Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, const FWPS_FILTER0*)
{
    return STATUS_SUCCESS;
}

CalloutDef g_Defs[] = {
    { &WC_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,     L"wfpcount connect", ClassifyConnect, 0 },
    { &WC_CALLOUT_ACCEPT_V4,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, L"wfpcount accept",  ClassifyAccept,  0 },
};

template <typename F>
void ForEachDef(F&& f)
{
    for (auto& d : g_Defs) {
        f(d);
    }
}

} // namespace

NTSTATUS Engine::RegisterCallouts(PDEVICE_OBJECT device)
{
    NTSTATUS status = STATUS_SUCCESS;

    for (auto& d : g_Defs) {
        FWPS_CALLOUT0 sc = {};
        sc.calloutKey = *d.Key;
        sc.classifyFn = d.Classify;
        sc.notifyFn = Notify;
        status = FwpsCalloutRegister0(device, &sc, &d.RuntimeId);
        if (!NT_SUCCESS(status)) {
            WC_ERR("FwpsCalloutRegister0(%ws) 0x%08X", d.Name, status);
            d.RuntimeId = 0;
            UnregisterCallouts();       // drops the ones that did register
            return status;
        }
    }
    return status;
}

void Engine::UnregisterCallouts()
{
    ForEachDef([](CalloutDef& d) {
        if (d.RuntimeId != 0) {
            NTSTATUS st = FwpsCalloutUnregisterById0(d.RuntimeId);
            NT_ASSERT(NT_SUCCESS(st));      // no flow contexts are ever associated
            UNREFERENCED_PARAMETER(st);
            d.RuntimeId = 0;
        }
    });
}

NTSTATUS Engine::AddObjects()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;   // objects vanish when the engine handle closes

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_engine);
    if (!NT_SUCCESS(status)) {
        s_engine = nullptr;
        return status;
    }

    status = FwpmTransactionBegin0(s_engine, 0);
    if (!NT_SUCCESS(status)) {
        Close();
        return status;
    }

    FWPM_SUBLAYER0 sub = {};
    sub.subLayerKey = WC_SUBLAYER;
    sub.displayData.name = const_cast<wchar_t*>(L"wfpcount");
    sub.weight = 0;
    status = FwpmSubLayerAdd0(s_engine, &sub, nullptr);

    for (ULONG i = 0; NT_SUCCESS(status) && i < ARRAYSIZE(g_Defs); i++) {
        auto& d = g_Defs[i];

        FWPM_CALLOUT0 mc = {};
        mc.calloutKey = *d.Key;
        mc.displayData.name = const_cast<wchar_t*>(d.Name);
        mc.applicableLayer = *d.Layer;
        status = FwpmCalloutAdd0(s_engine, &mc, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        FWPM_FILTER0 f = {};
        f.layerKey = *d.Layer;
        f.subLayerKey = WC_SUBLAYER;
        f.displayData.name = const_cast<wchar_t*>(d.Name);
        f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
        f.action.calloutKey = *d.Key;
        f.weight.type = FWP_EMPTY;
        status = FwpmFilterAdd0(s_engine, &f, nullptr, nullptr);
    }

    if (NT_SUCCESS(status)) {
        status = FwpmTransactionCommit0(s_engine);
    } else {
        FwpmTransactionAbort0(s_engine);
    }

    if (!NT_SUCCESS(status)) {
        WC_ERR("BFE objects 0x%08X", status);
        Close();
    }
    return status;
}

void Engine::Close()
{
    if (s_engine != nullptr) {
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
    }
}

} // namespace wc
