#include "Filters.h"
#include "Filters.tmh"

namespace wfpb {

UINT32*         Blocklist::s_addrs = nullptr;
ULONG           Blocklist::s_count = 0;
HANDLE          Callout::s_engine = nullptr;
UINT32          Callout::s_calloutId = 0;
volatile LONG64 Callout::s_blocked = 0;

// ------------------------------------------------------------------ Blocklist

NTSTATUS Blocklist::Load(PCUNICODE_STRING registryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(WFPB_VALUE_NAME);
    PKEY_VALUE_PARTIAL_INFORMATION info = nullptr;
    ULONG length = 0;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(registryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_QUERY_VALUE, &oa);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_CONFIG, "ZwOpenKey %!STATUS!", status);
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, nullptr, 0, &length);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        // nothing configured: load with an empty list, the callout permits all
        ZwClose(key);
        return STATUS_SUCCESS;
    }
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return status;
    }

    info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(
        ExAllocatePool2(POOL_FLAG_PAGED, length, WFPB_TAG));
    if (info == nullptr) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, length, &length);
    ZwClose(key);

    if (NT_SUCCESS(status) && info->Type != REG_BINARY) {
        status = STATUS_OBJECT_TYPE_MISMATCH;
    }

    if (NT_SUCCESS(status)) {
        ULONG n = info->DataLength / sizeof(UINT32);
        if (n > WFPB_MAX_ADDRS) {
            n = WFPB_MAX_ADDRS;
        }
        if (n != 0) {
            s_addrs = static_cast<UINT32*>(
                ExAllocatePool2(POOL_FLAG_NON_PAGED, n * sizeof(UINT32), WFPB_TAG));
            if (s_addrs == nullptr) {
                status = STATUS_INSUFFICIENT_RESOURCES;
            } else {
                RtlCopyMemory(s_addrs, info->Data, n * sizeof(UINT32));
                s_count = n;
            }
        }
    }

    ExFreePoolWithTag(info, WFPB_TAG);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_CONFIG, "%lu addresses, %!STATUS!", s_count, status);
    return status;
}

void Blocklist::Free()
{
    if (s_addrs != nullptr) {
        ExFreePoolWithTag(s_addrs, WFPB_TAG);
        s_addrs = nullptr;
    }
    s_count = 0;
}

bool Blocklist::Contains(UINT32 address)
{
    for (ULONG i = 0; i < s_count; i++) {
        if (s_addrs[i] == address) {
            return true;
        }
    }
    return false;
}

// -------------------------------------------------------------------- Callout

NTSTATUS Callout::Start(PDEVICE_OBJECT device)
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &s_engine);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "FwpmEngineOpen0 %!STATUS!", status);
        s_engine = nullptr;
        return status;
    }

    FWPS_CALLOUT2 callout = {};
    callout.calloutKey = WFPB_CALLOUT_KEY;
    callout.classifyFn = Classify;
    callout.notifyFn = Notify;
    callout.flowDeleteFn = nullptr;

    status = FwpsCalloutRegister2(device, &callout, &s_calloutId);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "FwpsCalloutRegister2 %!STATUS!", status);
        s_calloutId = 0;
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
        return status;
    }

    status = AddManagementObjects();
    if (!NT_SUCCESS(status)) {
        Stop();
    }
    return status;
}

void Callout::Stop()
{
    // dynamic session: closing it deletes our sublayer, callout and filter,
    // so no classify can be started for the runtime callout after this
    if (s_engine != nullptr) {
        FwpmEngineClose0(s_engine);
        s_engine = nullptr;
    }

    if (s_calloutId != 0) {
        NTSTATUS status = FwpsCalloutUnregisterById0(s_calloutId);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER, "unregister %!STATUS!", status);
        }
        s_calloutId = 0;
    }
}

NTSTATUS Callout::AddManagementObjects()
{
    NTSTATUS status = FwpmTransactionBegin0(s_engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    do {
        FWPM_SUBLAYER0 sublayer = {};
        sublayer.subLayerKey = WFPB_SUBLAYER_KEY;
        sublayer.displayData.name = const_cast<wchar_t*>(L"wfpblock");
        sublayer.weight = 0x8000;
        status = FwpmSubLayerAdd0(s_engine, &sublayer, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        FWPM_CALLOUT0 mcallout = {};
        mcallout.calloutKey = WFPB_CALLOUT_KEY;
        mcallout.displayData.name = const_cast<wchar_t*>(L"wfpblock connect");
        mcallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        status = FwpmCalloutAdd0(s_engine, &mcallout, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        FWPM_FILTER0 filter = {};
        filter.displayData.name = const_cast<wchar_t*>(L"wfpblock connect v4");
        filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        filter.subLayerKey = WFPB_SUBLAYER_KEY;
        filter.weight.type = FWP_EMPTY;
        filter.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
        filter.action.calloutKey = WFPB_CALLOUT_KEY;
        status = FwpmFilterAdd0(s_engine, &filter, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = FwpmTransactionCommit0(s_engine);
        if (NT_SUCCESS(status)) {
            return status;
        }
    } while (false);

    TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "adding BFE objects %!STATUS!", status);
    FwpmTransactionAbort0(s_engine);
    return status;
}

void NTAPI Callout::Classify(const FWPS_INCOMING_VALUES0* inFixedValues,
                             const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                             void* layerData,
                             const void* classifyContext,
                             const FWPS_FILTER2* filter,
                             UINT64 flowContext,
                             FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    UINT32 remote = inFixedValues->incomingValue[
        FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;

    if (Blocklist::Contains(remote)) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        InterlockedIncrement64(&s_blocked);
        return;
    }
    classifyOut->actionType = FWP_ACTION_CONTINUE;
}

NTSTATUS NTAPI Callout::Notify(FWPS_CALLOUT_NOTIFY_TYPE notifyType,
                               const GUID* filterKey,
                               FWPS_FILTER2* filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

} // namespace wfpb
