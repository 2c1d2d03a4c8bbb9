#include "WfpGuard.h"

namespace {

const UINT16 kBlockedPorts[] = { 23, 135, 445, 4444 };

bool
IsBlockedPort(UINT16 port)
{
    for (UINT16 p : kBlockedPorts) {
        if (p == port) {
            return true;
        }
    }
    return false;
}

void
Block(FWPS_CLASSIFY_OUT0* classifyOut)
{
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    InterlockedIncrement64(&g_Stats.Blocked);
}

void NTAPI
ClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    UINT16 port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    if (IsBlockedPort(port)) {
        Block(classifyOut);
    } else {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

void NTAPI
ClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    UINT16 port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_LOCAL_PORT].value.uint16;
    if (IsBlockedPort(port)) {
        Block(classifyOut);
    } else {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

void NTAPI
ClassifyOutbound(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut
    )
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    auto nbl = static_cast<PNET_BUFFER_LIST>(layerData);
    if (nbl != nullptr) {
        FWPS_PACKET_INJECTION_STATE state = FwpsQueryPacketInjectionState0(Injector::Handle(), nbl, nullptr);
        if (state != FWPS_PACKET_INJECTED_BY_SELF && state != FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
            InterlockedIncrement64(&g_Stats.OutboundPackets);
        }
    }

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI
Notify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER3* filter
    )
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

} // namespace

CalloutEntry CalloutTable::s_Entries[] = {
    { &WG_CALLOUT_CONNECT_V4,  &FWPM_LAYER_ALE_AUTH_CONNECT_V4,     ClassifyConnect,  FWP_ACTION_CALLOUT_TERMINATING, L"WfpGuard connect",  0, false },
    { &WG_CALLOUT_ACCEPT_V4,   &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, ClassifyAccept,   FWP_ACTION_CALLOUT_TERMINATING, L"WfpGuard accept",   0, false },
    { &WG_CALLOUT_OUTBOUND_V4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4,   ClassifyOutbound, FWP_ACTION_CALLOUT_INSPECTION,  L"WfpGuard outbound", 0, false },
};
const ULONG CalloutTable::s_Count = RTL_NUMBER_OF(CalloutTable::s_Entries);

NTSTATUS
CalloutTable::RegisterAll(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    for (ULONG i = 0; i < s_Count; i++) {
        CalloutEntry& e = s_Entries[i];
        FWPS_CALLOUT3 callout = {};

        callout.calloutKey = *e.CalloutKey;
        callout.classifyFn = e.Classify;
        callout.notifyFn = Notify;
        callout.flowDeleteFn = nullptr;

        NTSTATUS status = FwpsCalloutRegister3(DeviceObject, &callout, &e.RuntimeId);
        if (!NT_SUCCESS(status)) {
            WG_LOG(DPFLTR_ERROR_LEVEL, "FwpsCalloutRegister3(%ws) 0x%08X", e.Name, status);
            UnregisterAll();        // only touches entries marked Registered
            return status;
        }
        e.Registered = true;
    }
    return STATUS_SUCCESS;
}

void
CalloutTable::UnregisterAll()
{
    for (ULONG i = s_Count; i-- > 0; ) {
        CalloutEntry& e = s_Entries[i];
        if (!e.Registered) {
            continue;
        }
        // no flow contexts are ever associated, so STATUS_DEVICE_BUSY cannot occur
        NTSTATUS status = FwpsCalloutUnregisterById0(e.RuntimeId);
        if (!NT_SUCCESS(status)) {
            WG_LOG(DPFLTR_ERROR_LEVEL, "FwpsCalloutUnregisterById0(%ws) 0x%08X", e.Name, status);
        }
        e.Registered = false;
        e.RuntimeId = 0;
    }
}
