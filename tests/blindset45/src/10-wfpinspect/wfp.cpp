// wfp.cpp - injection handle, FWPS callout and the FWPM objects.
#define INITGUID
#include <guiddef.h>
#include "wfpi.h"

namespace wfpi {

// ------------------------------------------------------------------ inject
namespace inject {
namespace { HANDLE s_Handle = nullptr; }

NTSTATUS Create()
{
    NTSTATUS status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_TRANSPORT, &s_Handle);
    if (!NT_SUCCESS(status)) {
        s_Handle = nullptr;
    }
    return status;
}

void Destroy()
{
    if (s_Handle != nullptr) {
        FwpsInjectionHandleDestroy0(s_Handle);
        s_Handle = nullptr;
    }
}

HANDLE Handle() { return s_Handle; }
} // namespace inject

// ------------------------------------------------------------------ callout
namespace callout {
namespace {

UINT32 s_Id = 0;

void NTAPI ClassifyOutV4(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER1* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    classifyOut->actionType = FWP_ACTION_CONTINUE;

    auto nbl = static_cast<PNET_BUFFER_LIST>(layerData);
    if (nbl == nullptr) {
        return;
    }

    auto state = FwpsQueryPacketInjectionState0(inject::Handle(), nbl, nullptr);
    if (state == FWPS_PACKET_INJECTED_BY_SELF || state == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        InterlockedIncrement64(&g_Stats.OwnInjected);
        return;
    }

    for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != nullptr; nb = NET_BUFFER_NEXT_NB(nb)) {
        InterlockedIncrement64(&g_Stats.Packets);
        InterlockedAdd64(&g_Stats.Bytes, NET_BUFFER_DATA_LENGTH(nb));
    }
}

NTSTATUS NTAPI Notify(_In_ FWPS_CALLOUT_NOTIFY_TYPE type, _In_ const GUID* key, _Inout_ FWPS_FILTER1* filter)
{
    UNREFERENCED_PARAMETER(type);
    UNREFERENCED_PARAMETER(key);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

} // anonymous namespace

NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT1 c = {};
    c.calloutKey = WFPI_CALLOUT_OUT_V4;
    c.classifyFn = ClassifyOutV4;
    c.notifyFn   = Notify;

    NTSTATUS status = FwpsCalloutRegister1(DeviceObject, &c, &s_Id);
    if (!NT_SUCCESS(status)) {
        s_Id = 0;
    }
    return status;
}

void Unregister()
{
    if (s_Id != 0) {
        NTSTATUS status = FwpsCalloutUnregisterById0(s_Id);
        if (!NT_SUCCESS(status)) {
            // no flow contexts are ever associated, so this is not expected
            WERR("FwpsCalloutUnregisterById0 0x%08x", status);
        }
        s_Id = 0;
    }
}
} // namespace callout

// ------------------------------------------------------------------ bfe
namespace bfe {
namespace { HANDLE s_Engine = nullptr; }

NTSTATUS Open()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_Engine);
    if (!NT_SUCCESS(status)) {
        s_Engine = nullptr;
        return status;
    }
    auto closeEngine = MakeGuard([] { FwpmEngineClose0(s_Engine); s_Engine = nullptr; });

    status = FwpmTransactionBegin0(s_Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto abortTx = MakeGuard([] { FwpmTransactionAbort0(s_Engine); });

    FWPM_SUBLAYER0 sl = {};
    sl.subLayerKey = WFPI_SUBLAYER;
    sl.displayData.name = const_cast<wchar_t*>(L"wfpinspect");
    sl.weight = 0x10;
    status = FwpmSubLayerAdd0(s_Engine, &sl, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_CALLOUT0 mc = {};
    mc.calloutKey = WFPI_CALLOUT_OUT_V4;
    mc.displayData.name = const_cast<wchar_t*>(L"wfpinspect outbound v4");
    mc.applicableLayer = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    status = FwpmCalloutAdd0(s_Engine, &mc, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    FWPM_FILTER0 f = {};
    f.displayData.name = const_cast<wchar_t*>(L"wfpinspect outbound v4");
    f.layerKey = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    f.subLayerKey = WFPI_SUBLAYER;
    f.weight.type = FWP_EMPTY;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = WFPI_CALLOUT_OUT_V4;
    status = FwpmFilterAdd0(s_Engine, &f, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FwpmTransactionCommit0(s_Engine);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    abortTx.Dismiss();
    closeEngine.Dismiss();
    return STATUS_SUCCESS;
}

void Close()
{
    if (s_Engine != nullptr) {
        FwpmEngineClose0(s_Engine);     // dynamic session: objects go with it
        s_Engine = nullptr;
    }
}
} // namespace bfe

} // namespace wfpi
