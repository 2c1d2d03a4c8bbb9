//
// wfp.cpp - callout + management objects for connlog
//
#include "connlog.h"

namespace connlog {

void NTAPI Wfp::Classify(const FWPS_INCOMING_VALUES0* in,
                         const FWPS_INCOMING_METADATA_VALUES0* meta,
                         void* layerData,
                         const void* classifyCtx,
                         const FWPS_FILTER1* filter,
                         UINT64 flowCtx,
                         FWPS_CLASSIFY_OUT0* out)
{
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyCtx);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowCtx);

    const auto& v = in->incomingValue;
    UINT32 ra    = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    UINT16 rport = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    UINT8  proto = v[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    UINT64 pid = FWPS_IS_METADATA_FIELD_PRESENT(meta, FWPS_METADATA_FIELD_PROCESS_ID)
                     ? meta->processId : 0;

    InterlockedIncrement64(&g.Flows);
    CL_LOG("pid %I64u proto %u -> %u.%u.%u.%u:%u", pid, proto,
           (ra >> 24) & 0xFF, (ra >> 16) & 0xFF, (ra >> 8) & 0xFF, ra & 0xFF, rport);

    if (out->rights & FWPS_RIGHT_ACTION_WRITE) {
        out->actionType = FWP_ACTION_PERMIT;
    }
}

NTSTATUS NTAPI Wfp::Notify(FWPS_CALLOUT_NOTIFY_TYPE type, const GUID* filterKey,
                           FWPS_FILTER1* filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    CL_LOG("notify %d", static_cast<int>(type));
    return STATUS_SUCCESS;
}

NTSTATUS Wfp::RegisterCallout(PDEVICE_OBJECT dev)
{
    FWPS_CALLOUT1 c = {};
    c.calloutKey = kCalloutKey;
    c.classifyFn = Classify;
    c.notifyFn   = Notify;

    return FwpsCalloutRegister1(dev, &c, &g.CalloutId);
}

void Wfp::UnregisterCallout()
{
    if (g.CalloutId != 0) {
        NTSTATUS st = FwpsCalloutUnregisterById0(g.CalloutId);
        NT_ASSERT(NT_SUCCESS(st));      // no flow contexts, cannot be busy
        UNREFERENCED_PARAMETER(st);
        g.CalloutId = 0;
    }
}

NTSTATUS Wfp::AddObjects()
{
    NTSTATUS status;
    bool txn = false;

    if (InterlockedCompareExchange(&g.ObjectsAdded, 1, 0) != 0) {
        return STATUS_SUCCESS;          // somebody beat us to it
    }

    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    CHECK(FwpmEngineOpen0(nullptr, RPC_C_AUTHN_DEFAULT, nullptr, &session, &g.Engine), out);

    CHECK(FwpmTransactionBegin0(g.Engine, 0), close);
    txn = true;

    {
        FWPM_SUBLAYER0 sl = {};
        sl.subLayerKey      = kSubLayerKey;
        sl.displayData.name = const_cast<wchar_t*>(L"connlog");
        sl.weight           = 0x10;
        CHECK(FwpmSubLayerAdd0(g.Engine, &sl, nullptr), close);

        FWPM_CALLOUT0 mc = {};
        mc.calloutKey       = kCalloutKey;
        mc.displayData.name = const_cast<wchar_t*>(L"connlog connect v4");
        mc.applicableLayer  = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        CHECK(FwpmCalloutAdd0(g.Engine, &mc, nullptr, nullptr), close);

        FWPM_FILTER0 f = {};
        f.displayData.name  = const_cast<wchar_t*>(L"connlog connect v4");
        f.layerKey          = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        f.subLayerKey       = kSubLayerKey;
        f.weight.type       = FWP_EMPTY;
        f.action.type       = FWP_ACTION_CALLOUT_TERMINATING;
        f.action.calloutKey = kCalloutKey;
        CHECK(FwpmFilterAdd0(g.Engine, &f, nullptr, nullptr), close);
    }

    CHECK(FwpmTransactionCommit0(g.Engine), close);
    CL_LOG("objects added");
    return STATUS_SUCCESS;

close:
    if (txn) {
        FwpmTransactionAbort0(g.Engine);
    }
    FwpmEngineClose0(g.Engine);
    g.Engine = nullptr;
out:
    InterlockedExchange(&g.ObjectsAdded, 0);
    return status;
}

void NTAPI Wfp::BfeStateChanged(void* ctx, FWPM_SERVICE_STATE state)
{
    UNREFERENCED_PARAMETER(ctx);

    if (state == FWPM_SERVICE_RUNNING) {
        NTSTATUS status = AddObjects();
        if (!NT_SUCCESS(status)) {
            CL_LOG("late AddObjects failed 0x%08X", status);
        }
    }
}

NTSTATUS Wfp::WatchBfe(PDEVICE_OBJECT dev)
{
    NTSTATUS status;

    // subscribe first so a BFE start between the two calls is not missed
    CHECK(FwpmBfeStateSubscribeChanges0(dev, BfeStateChanged, nullptr, &g.BfeChange), out);

    if (FwpmBfeStateGet0() == FWPM_SERVICE_RUNNING) {
        CHECK(AddObjects(), unsubscribe);
    } else {
        CL_LOG("BFE not running yet, waiting");
    }
    return STATUS_SUCCESS;

unsubscribe:
    FwpmBfeStateUnsubscribeChanges0(g.BfeChange);
    g.BfeChange = nullptr;
out:
    return status;
}

void Wfp::RemoveObjects()
{
    if (g.Engine != nullptr) {
        FwpmEngineClose0(g.Engine);     // dynamic session, objects go with it
        g.Engine = nullptr;
    }
    InterlockedExchange(&g.ObjectsAdded, 0);
}

} // namespace connlog
