//
// wfp.cpp - runtime callout and filter engine objects for flowcount
//
#include "flowcount.h"
#include "wfp.tmh"

namespace wfp {

UINT32          Callouts::s_CalloutId  = 0;
bool            Callouts::s_Registered = false;
FLOWCOUNT_STATS Callouts::s_Stats      = {};

HANDLE          Engine::s_Handle   = nullptr;
UINT64          Engine::s_FilterId = 0;

void NTAPI
Callouts::Classify(
    const FWPS_INCOMING_VALUES0*          inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void*                                 layerData,
    const void*                           classifyContext,
    const FWPS_FILTER3*                   filter,
    UINT64                                flowContext,
    FWPS_CLASSIFY_OUT0*                   classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    auto proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_PROTOCOL].value.uint8;
    switch (proto) {
    case IPPROTO_TCP: InterlockedIncrement64(&s_Stats.TcpFlows);   break;
    case IPPROTO_UDP: InterlockedIncrement64(&s_Stats.UdpFlows);   break;
    default:          InterlockedIncrement64(&s_Stats.OtherFlows); break;
    }

    // inspection only, never touch the verdict
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI
Callouts::Notify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID* filterKey, FWPS_FILTER3* filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_WFP, "notify type %d", static_cast<int>(notifyType));
    return STATUS_SUCCESS;
}

NTSTATUS
Callouts::Register(_In_ PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT3 callout = {};
    callout.calloutKey   = FC_CALLOUT_FLOW_V4;
    callout.classifyFn   = Classify;
    callout.notifyFn     = Notify;
    callout.flowDeleteFn = nullptr;

    NTSTATUS status = FwpsCalloutRegister3(DeviceObject, &callout, &s_CalloutId);
    s_Registered = NT_SUCCESS(status);
    return status;
}

void
Callouts::Unregister()
{
    if (!s_Registered) {
        return;
    }
    // we never attach flow contexts, so this cannot come back busy
    NTSTATUS status = FwpsCalloutUnregisterById0(s_CalloutId);
    NT_ASSERT(NT_SUCCESS(status));
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_WFP, "callout %u unregistered %!STATUS!", s_CalloutId, status);
    s_Registered = false;
    s_CalloutId = 0;
}

void
Callouts::Snapshot(_Out_ FLOWCOUNT_STATS* Stats)
{
    Stats->TcpFlows   = InterlockedCompareExchange64(&s_Stats.TcpFlows, 0, 0);
    Stats->UdpFlows   = InterlockedCompareExchange64(&s_Stats.UdpFlows, 0, 0);
    Stats->OtherFlows = InterlockedCompareExchange64(&s_Stats.OtherFlows, 0, 0);
}

NTSTATUS
Engine::Install()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_Handle);
    if (!NT_SUCCESS(status)) {
        s_Handle = nullptr;
        return status;
    }

    // everything in one transaction, nothing half-added on failure
    auto addAll = [&]() -> NTSTATUS {
        FWPM_SUBLAYER0 sub = {};
        sub.subLayerKey      = FC_SUBLAYER;
        sub.displayData.name = const_cast<wchar_t*>(L"flowcount sublayer");
        sub.weight           = 0x10;
        NTSTATUS st = FwpmSubLayerAdd0(s_Handle, &sub, nullptr);
        if (!NT_SUCCESS(st)) return st;

        FWPM_CALLOUT0 mc = {};
        mc.calloutKey       = FC_CALLOUT_FLOW_V4;
        mc.displayData.name = const_cast<wchar_t*>(L"flowcount established v4");
        mc.applicableLayer  = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
        st = FwpmCalloutAdd0(s_Handle, &mc, nullptr, nullptr);
        if (!NT_SUCCESS(st)) return st;

        FWPM_FILTER0 f = {};
        f.layerKey           = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
        f.subLayerKey        = FC_SUBLAYER;
        f.displayData.name   = const_cast<wchar_t*>(L"flowcount filter");
        f.action.type        = FWP_ACTION_CALLOUT_INSPECTION;
        f.action.calloutKey  = FC_CALLOUT_FLOW_V4;
        f.weight.type        = FWP_EMPTY;
        return FwpmFilterAdd0(s_Handle, &f, nullptr, &s_FilterId);
    };

    status = FwpmTransactionBegin0(s_Handle, 0);
    if (NT_SUCCESS(status)) {
        status = addAll();
        if (NT_SUCCESS(status)) {
            status = FwpmTransactionCommit0(s_Handle);
        } else {
            FwpmTransactionAbort0(s_Handle);
        }
    }

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_WFP, "install %!STATUS!", status);
        FwpmEngineClose0(s_Handle);
        s_Handle   = nullptr;
        s_FilterId = 0;
    }
    return status;
}

void
Engine::Uninstall()
{
    if (s_Handle == nullptr) {
        return;
    }
    if (s_FilterId != 0) {
        FwpmFilterDeleteById0(s_Handle, s_FilterId);
        s_FilterId = 0;
    }
    FwpmCalloutDeleteByKey0(s_Handle, &FC_CALLOUT_FLOW_V4);
    FwpmSubLayerDeleteByKey0(s_Handle, &FC_SUBLAYER);
    FwpmEngineClose0(s_Handle);
    s_Handle = nullptr;
}

} // namespace wfp
