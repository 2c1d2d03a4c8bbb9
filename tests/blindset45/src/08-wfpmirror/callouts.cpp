// callouts.cpp - FWPS side: injection handles and classify.
#include "mirror.h"

namespace mirror {

Counters g_Counters = {};

HANDLE Injector::s_V4 = nullptr;
HANDLE Injector::s_V6 = nullptr;

NTSTATUS Injector::Init()
{
    NTSTATUS status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_TRANSPORT, &s_V4);
    if (!NT_SUCCESS(status)) {
        MERR("injection handle v4 0x%08x", status);
        return status;
    }

    status = FwpsInjectionHandleCreate0(AF_INET6, FWPS_INJECTION_TYPE_TRANSPORT, &s_V6);
    if (!NT_SUCCESS(status)) {
        MERR("injection handle v6 0x%08x", status);
        FwpsInjectionHandleDestroy0(s_V4);
        return status;
    }
    return STATUS_SUCCESS;
}

void Injector::Uninit()
{
    if (s_V6 != nullptr) {
        FwpsInjectionHandleDestroy0(s_V6);
        s_V6 = nullptr;
    }
    if (s_V4 != nullptr) {
        FwpsInjectionHandleDestroy0(s_V4);
        s_V4 = nullptr;
    }
}

namespace callouts {
namespace {

UINT32 s_IdV4 = 0;
UINT32 s_IdV6 = 0;

template <ADDRESS_FAMILY AF, UINT PROTO_FIELD>
void NTAPI Classify(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER1* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    classifyOut->actionType = FWP_ACTION_CONTINUE;

    auto nbl = static_cast<PNET_BUFFER_LIST>(layerData);
    if (nbl == nullptr) {
        return;
    }

    FWPS_PACKET_INJECTION_STATE state =
        FwpsQueryPacketInjectionState0(Injector::ForFamily(AF), nbl, nullptr);
    if (state == FWPS_PACKET_INJECTED_BY_SELF ||
        state == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        InterlockedIncrement64(&g_Counters.SkippedOwn);
        return;
    }

    switch (inFixedValues->incomingValue[PROTO_FIELD].value.uint8) {
    case IPPROTO_TCP: InterlockedIncrement64(&g_Counters.Tcp);   break;
    case IPPROTO_UDP: InterlockedIncrement64(&g_Counters.Udp);   break;
    default:          InterlockedIncrement64(&g_Counters.Other); break;
    }
}

NTSTATUS NTAPI Notify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER1* filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

NTSTATUS RegisterOne(PDEVICE_OBJECT dev, const GUID& key, FWPS_CALLOUT_CLASSIFY_FN1 fn, UINT32* id)
{
    FWPS_CALLOUT1 c = {};
    c.calloutKey = key;
    c.classifyFn = fn;
    c.notifyFn   = Notify;
    return FwpsCalloutRegister1(dev, &c, id);
}

} // anonymous namespace

NTSTATUS Register(_In_ PDEVICE_OBJECT DeviceObject)
{
    NTSTATUS status = RegisterOne(DeviceObject, MIRROR_CALLOUT_V4,
        Classify<AF_INET, FWPS_FIELD_INBOUND_TRANSPORT_V4_IP_PROTOCOL>, &s_IdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = RegisterOne(DeviceObject, MIRROR_CALLOUT_V6,
        Classify<AF_INET6, FWPS_FIELD_INBOUND_TRANSPORT_V6_IP_PROTOCOL>, &s_IdV6);
    if (!NT_SUCCESS(status)) {
        FwpsCalloutUnregisterById0(s_IdV4);
        s_IdV4 = 0;
    }
    return status;
}

void Unregister()
{
    if (s_IdV6 != 0) {
        FwpsCalloutUnregisterById0(s_IdV6);
        s_IdV6 = 0;
    }
    if (s_IdV4 != 0) {
        FwpsCalloutUnregisterById0(s_IdV4);
        s_IdV4 = 0;
    }
}

} // namespace callouts
} // namespace mirror
