// callouts.cpp - runtime callout registration and classify functions.
//
// Copyright (c) wfpfw authors. MIT License.

#include "wfpfw.h"

namespace {

bool IsBlockedPort(USHORT port)
{
    const fw::DriverState* state = fw::g_State;
    if (state == nullptr) {
        return false;
    }
    for (ULONG i = 0; i < state->Cfg.BlockedPortCount; ++i) {
        if (state->Cfg.BlockedPorts[i] == port) {
            return true;
        }
    }
    return false;
}

void Decide(_Inout_ FWPS_CLASSIFY_OUT0* classifyOut, USHORT port)
{
    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    if (fw::g_State != nullptr) {
        InterlockedIncrement64(&fw::g_State->Counters.Classified);
    }

    if (!IsBlockedPort(port)) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
        return;
    }

    if (fw::g_State != nullptr) {
        InterlockedIncrement64(&fw::g_State->Counters.Blocked);
        if (fw::g_State->Cfg.LogOnly) {
            FW_LOG("would block port %u", port);
            classifyOut->actionType = FWP_ACTION_CONTINUE;
            return;
        }
    }

    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
}

void NTAPI ClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    Decide(classifyOut,
           inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16);
}

void NTAPI ClassifyAcceptV4(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    Decide(classifyOut,
           inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_LOCAL_PORT].value.uint16);
}

void NTAPI ClassifyConnectV6(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    Decide(classifyOut,
           inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16);
}

void NTAPI ClassifyAcceptV6(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER3* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    Decide(classifyOut,
           inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V6_IP_LOCAL_PORT].value.uint16);
}

NTSTATUS NTAPI Notify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER3* filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

} // namespace

namespace fw {

const CalloutDesc kCallouts[] = {
    { &FW_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,     ClassifyConnectV4, L"wfpfw connect v4", false },
    { &FW_CALLOUT_ACCEPT_V4,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, ClassifyAcceptV4,  L"wfpfw accept v4",  false },
    { &FW_CALLOUT_CONNECT_V6, &FWPM_LAYER_ALE_AUTH_CONNECT_V6,     ClassifyConnectV6, L"wfpfw connect v6", true  },
    { &FW_CALLOUT_ACCEPT_V6,  &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V6, ClassifyAcceptV6,  L"wfpfw accept v6",  true  },
};

const ULONG kCalloutCount = RTL_NUMBER_OF(kCallouts);

NTSTATUS CalloutSet::Register(_In_ PDEVICE_OBJECT DeviceObject, _In_ const Config& config)
{
    NT_ASSERT(m_count == 0);

    for (ULONG i = 0; i < kCalloutCount; ++i) {
        if (kCallouts[i].V6 && !config.EnableV6) {
            continue;
        }

        FWPS_CALLOUT3 callout = {};
        callout.calloutKey = *kCallouts[i].Key;
        callout.classifyFn = kCallouts[i].Classify;
        callout.notifyFn = Notify;
        callout.flowDeleteFn = nullptr;

        UINT32 id = 0;
        NTSTATUS status = FwpsCalloutRegister3(DeviceObject, &callout, &id);
        if (!NT_SUCCESS(status)) {
            FW_ERR("FwpsCalloutRegister3(%ws) 0x%08X", kCallouts[i].Name, status);
            return status;
        }
        m_ids[m_count++] = id;
    }

    return STATUS_SUCCESS;
}

void CalloutSet::UnregisterAll()
{
    while (m_count > 0) {
        --m_count;
        NTSTATUS status = FwpsCalloutUnregisterById0(m_ids[m_count]);
        if (!NT_SUCCESS(status)) {
            FW_ERR("FwpsCalloutUnregisterById0(%u) 0x%08X", m_ids[m_count], status);
        }
        m_ids[m_count] = 0;
    }
}

} // namespace fw
