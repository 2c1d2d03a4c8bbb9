#include "Callout.h"
#include "Guids.h"

namespace conntrace {

State g_State;

bool Callouts::IsBlocked(UINT16 port)
{
    KLOCK_QUEUE_HANDLE lh;
    bool blocked = false;

    KeAcquireInStackQueuedSpinLock(&g_State.PortLock, &lh);
    for (ULONG i = 0; i < g_State.BlockedCount; i++) {
        if (g_State.BlockedPorts[i] == port) {
            blocked = true;
            break;
        }
    }
    KeReleaseInStackQueuedSpinLock(&lh);
    return blocked;
}

void NTAPI Callouts::Classify(
    _In_ const FWPS_INCOMING_VALUES0* FixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* MetaValues,
    _Inout_opt_ void* LayerData,
    _In_opt_ const void* ClassifyContext,
    _In_ const FWPS_FILTER3* Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* ClassifyOut)
{
    UNREFERENCED_PARAMETER(MetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyContext);
    UNREFERENCED_PARAMETER(FlowContext);

    if ((ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    UINT16 remotePort = 0;
    if (FixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        remotePort = FixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    } else if (FixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V6) {
        remotePort = FixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16;
    }

    InterlockedIncrement64(&g_State.Connects);

    if (remotePort != 0 && IsBlocked(remotePort)) {
        InterlockedIncrement64(&g_State.Blocked);
        ClassifyOut->actionType = FWP_ACTION_BLOCK;
        ClassifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        return;
    }

    if (Filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
        ClassifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    }
    ClassifyOut->actionType = FWP_ACTION_PERMIT;
}

NTSTATUS NTAPI Callouts::Notify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID* FilterKey,
    _Inout_ FWPS_FILTER3* Filter)
{
    UNREFERENCED_PARAMETER(FilterKey);

    if (NotifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        CT_LOG("filter %llu attached", Filter->filterId);
    } else if (NotifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        CT_LOG("filter %llu detached", Filter->filterId);
    }
    return STATUS_SUCCESS;
}

NTSTATUS Callouts::Register(_In_ PDEVICE_OBJECT Device)
{
    FWPS_CALLOUT3 callout = {};
    callout.classifyFn = Classify;
    callout.notifyFn = Notify;
    callout.flowDeleteFn = nullptr;

    callout.calloutKey = CONNTRACE_CALLOUT_CONNECT_V4;
    NTSTATUS status = FwpsCalloutRegister3(Device, &callout, &g_State.CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpsCalloutRegister(v4) 0x%08X", status);
        return status;
    }

    callout.calloutKey = CONNTRACE_CALLOUT_CONNECT_V6;
    status = FwpsCalloutRegister3(Device, &callout, &g_State.CalloutIdV6);
    if (!NT_SUCCESS(status)) {
        CT_LOG("FwpsCalloutRegister(v6) 0x%08X", status);
        FwpsCalloutUnregisterById0(g_State.CalloutIdV4);
        g_State.CalloutIdV4 = 0;
        return status;
    }
    return STATUS_SUCCESS;
}

void Callouts::Unregister()
{
    if (g_State.CalloutIdV6 != 0) {
        FwpsCalloutUnregisterById0(g_State.CalloutIdV6);
        g_State.CalloutIdV6 = 0;
    }
    if (g_State.CalloutIdV4 != 0) {
        FwpsCalloutUnregisterById0(g_State.CalloutIdV4);
        g_State.CalloutIdV4 = 0;
    }
}

NTSTATUS Callouts::AddOneCallout(HANDLE engine, const GUID& key, const GUID& layer, PCWSTR name)
{
    FWPM_CALLOUT0 mc = {};
    mc.calloutKey = key;
    mc.displayData.name = const_cast<PWSTR>(name);
    mc.displayData.description = const_cast<PWSTR>(L"Outbound connection tracer");
    mc.applicableLayer = layer;
    return FwpmCalloutAdd0(engine, &mc, nullptr, nullptr);
}

NTSTATUS Callouts::AddOneFilter(HANDLE engine, const GUID& callout, const GUID& layer,
                                PCWSTR name, UINT64* filterId)
{
    FWPM_FILTER0 filter = {};
    filter.layerKey = layer;
    filter.subLayerKey = CONNTRACE_SUBLAYER;
    filter.displayData.name = const_cast<PWSTR>(name);
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = callout;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    filter.filterCondition = nullptr;
    return FwpmFilterAdd0(engine, &filter, nullptr, filterId);
}

NTSTATUS Callouts::AddFilters(_In_ HANDLE Engine)
{
    NTSTATUS status = FwpmTransactionBegin0(Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto abort = MakeScopeExit([Engine] { FwpmTransactionAbort0(Engine); });

    FWPM_SUBLAYER0 sublayer = {};
    sublayer.subLayerKey = CONNTRACE_SUBLAYER;
    sublayer.displayData.name = const_cast<PWSTR>(L"ConnTrace sublayer");
    sublayer.weight = 0x100;

    status = FwpmSubLayerAdd0(Engine, &sublayer, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = AddOneCallout(Engine, CONNTRACE_CALLOUT_CONNECT_V4, FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                           L"ConnTrace connect v4");
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = AddOneCallout(Engine, CONNTRACE_CALLOUT_CONNECT_V6, FWPM_LAYER_ALE_AUTH_CONNECT_V6,
                           L"ConnTrace connect v6");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = AddOneFilter(Engine, CONNTRACE_CALLOUT_CONNECT_V4, FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                          L"ConnTrace filter v4", &g_State.FilterIdV4);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = AddOneFilter(Engine, CONNTRACE_CALLOUT_CONNECT_V6, FWPM_LAYER_ALE_AUTH_CONNECT_V6,
                          L"ConnTrace filter v6", &g_State.FilterIdV6);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FwpmTransactionCommit0(Engine);
    if (NT_SUCCESS(status)) {
        abort.Dismiss();
    }
    return status;
}

NTSTATUS LoadBlockedPorts(_In_ PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BlockedPorts");
    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto closeKey = MakeScopeExit([key] { ZwClose(key); });

    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + kMaxBlockedPorts * sizeof(UINT16)];
    auto* info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG len = 0;

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, sizeof(buffer), &len);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_BINARY) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    ULONG count = info->DataLength / sizeof(UINT16);
    if (count > kMaxBlockedPorts) {
        count = kMaxBlockedPorts;
    }

    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&g_State.PortLock, &lh);
    RtlCopyMemory(g_State.BlockedPorts, info->Data, count * sizeof(UINT16));
    g_State.BlockedCount = count;
    KeReleaseInStackQueuedSpinLock(&lh);
    return STATUS_SUCCESS;
}

} // namespace conntrace
