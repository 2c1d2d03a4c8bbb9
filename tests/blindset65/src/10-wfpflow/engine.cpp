//
// engine.cpp - Fwpm side: dynamic session, sublayer, callouts, filters, and
// following the BFE if it is not up yet when we load.
//
#include "flowmon.h"

namespace flowmon {

namespace {

NTSTATUS AddObjects()
{
    NTSTATUS status;
    bool inTxn = false;

    if (InterlockedCompareExchange(&g.ObjectsAdded, 1, 0) != 0) {
        return STATUS_SUCCESS;
    }

    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    CHECK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_DEFAULT, nullptr, &session, &g.Engine), out);
    CHECK(FwpmTransactionBegin0(g.Engine, 0), close);
    inTxn = true;

    {
        FWPM_SUBLAYER0 sl = {};
        sl.subLayerKey      = kSubLayer;
        sl.displayData.name = const_cast<wchar_t*>(L"flowmon");
        sl.weight           = 0x20;
        CHECK(FwpmSubLayerAdd0(g.Engine, &sl, nullptr), close);

        auto addCallout = [](const GUID& key, const GUID& layer, PCWSTR name) {
            FWPM_CALLOUT0 c = {};
            c.calloutKey       = key;
            c.displayData.name = const_cast<wchar_t*>(name);
            c.applicableLayer  = layer;
            return FwpmCalloutAdd0(g.Engine, &c, nullptr, nullptr);
        };
        auto addFilter = [](const GUID& key, const GUID& layer, PCWSTR name) {
            FWPM_FILTER0 f = {};
            f.displayData.name  = const_cast<wchar_t*>(name);
            f.layerKey          = layer;
            f.subLayerKey       = kSubLayer;
            f.weight.type       = FWP_EMPTY;
            f.action.type       = FWP_ACTION_CALLOUT_INSPECTION;
            f.action.calloutKey = key;
            return FwpmFilterAdd0(g.Engine, &f, nullptr, nullptr);
        };

        CHECK(addCallout(kEstablishedCallout, FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4,
                         L"flowmon established v4"), close);
        CHECK(addCallout(kStreamCallout, FWPM_LAYER_STREAM_V4, L"flowmon stream v4"), close);
        CHECK(addFilter(kEstablishedCallout, FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4,
                        L"flowmon established v4"), close);
        CHECK(addFilter(kStreamCallout, FWPM_LAYER_STREAM_V4, L"flowmon stream v4"), close);
    }

    CHECK(FwpmTransactionCommit0(g.Engine), close);
    FM_TRACE("management objects in place");
    return STATUS_SUCCESS;

close:
    if (inTxn) {
        FwpmTransactionAbort0(g.Engine);
    }
    FwpmEngineClose0(g.Engine);
    g.Engine = nullptr;
out:
    InterlockedExchange(&g.ObjectsAdded, 0);
    return status;
}

void NTAPI OnBfeStateChange(void* ctx, FWPM_SERVICE_STATE state)
{
    UNREFERENCED_PARAMETER(ctx);

    if (state == FWPM_SERVICE_RUNNING) {
        NTSTATUS status = AddObjects();
        if (!NT_SUCCESS(status)) {
            FM_TRACE("AddObjects after BFE start: 0x%08X", status);
        }
    }
}

} // anonymous namespace

NTSTATUS StartManagement(PDEVICE_OBJECT dev)
{
    NTSTATUS status;

    CHECK(FwpmBfeStateSubscribeChanges0(dev, OnBfeStateChange, nullptr, &g.BfeChange), out);

    if (FwpmBfeStateGet0() == FWPM_SERVICE_RUNNING) {
        CHECK(AddObjects(), unsubscribe);
    }
    return STATUS_SUCCESS;

unsubscribe:
    FwpmBfeStateUnsubscribeChanges0(g.BfeChange);
    g.BfeChange = nullptr;
out:
    return status;
}

void StopManagement()
{
    // no more late AddObjects calls after this
    if (g.BfeChange != nullptr) {
        FwpmBfeStateUnsubscribeChanges0(g.BfeChange);
        g.BfeChange = nullptr;
    }

    // dynamic session: sublayer, callouts and filters leave with the handle
    if (g.Engine != nullptr) {
        FwpmEngineClose0(g.Engine);
        g.Engine = nullptr;
    }
    InterlockedExchange(&g.ObjectsAdded, 0);
}

} // namespace flowmon
