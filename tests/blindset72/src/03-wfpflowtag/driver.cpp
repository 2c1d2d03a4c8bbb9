#include <initguid.h>
#include "flowtag.h"

using namespace flowtag;

static PDEVICE_OBJECT g_Device = nullptr;
HANDLE Mgmt::Engine = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD FtUnload;

NTSTATUS Mgmt::AddObjects()
{
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    NTSTATUS st = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &Engine);
    if (!NT_SUCCESS(st)) {
        return st;
    }

    st = FwpmTransactionBegin0(Engine, 0);
    if (!NT_SUCCESS(st)) {
        Close();
        return st;
    }

    auto fail = [&](NTSTATUS s) -> NTSTATUS {
        FwpmTransactionAbort0(Engine);
        Close();
        return s;
    };

    FWPM_SUBLAYER0 sl = {};
    sl.subLayerKey = FT_SUBLAYER;
    sl.displayData.name = const_cast<wchar_t*>(L"FlowTag sublayer");
    sl.weight = 0x100;
    st = FwpmSubLayerAdd0(Engine, &sl, nullptr);
    if (!NT_SUCCESS(st)) return fail(st);

    FWPM_CALLOUT0 mc = {};
    mc.calloutKey = FT_CALLOUT_FLOW_V4;
    mc.displayData.name = const_cast<wchar_t*>(L"FlowTag established");
    mc.applicableLayer = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
    st = FwpmCalloutAdd0(Engine, &mc, nullptr, nullptr);
    if (!NT_SUCCESS(st)) return fail(st);

    mc.calloutKey = FT_CALLOUT_STREAM_V4;
    mc.displayData.name = const_cast<wchar_t*>(L"FlowTag stream");
    mc.applicableLayer = FWPM_LAYER_STREAM_V4;
    st = FwpmCalloutAdd0(Engine, &mc, nullptr, nullptr);
    if (!NT_SUCCESS(st)) return fail(st);

    FWPM_FILTER_CONDITION0 cond = {};
    cond.fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond.matchType = FWP_MATCH_EQUAL;
    cond.conditionValue.type = FWP_UINT8;
    cond.conditionValue.uint8 = IPPROTO_TCP;

    FWPM_FILTER0 f = {};
    f.displayData.name = const_cast<wchar_t*>(L"FlowTag tcp established");
    f.layerKey = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
    f.subLayerKey = FT_SUBLAYER;
    f.weight.type = FWP_EMPTY;
    f.numFilterConditions = 1;
    f.filterCondition = &cond;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = FT_CALLOUT_FLOW_V4;
    st = FwpmFilterAdd0(Engine, &f, nullptr, nullptr);
    if (!NT_SUCCESS(st)) return fail(st);

    f.displayData.name = const_cast<wchar_t*>(L"FlowTag stream");
    f.layerKey = FWPM_LAYER_STREAM_V4;
    f.numFilterConditions = 0;
    f.filterCondition = nullptr;
    f.action.calloutKey = FT_CALLOUT_STREAM_V4;
    st = FwpmFilterAdd0(Engine, &f, nullptr, nullptr);
    if (!NT_SUCCESS(st)) return fail(st);

    st = FwpmTransactionCommit0(Engine);
    if (!NT_SUCCESS(st)) return fail(st);

    return STATUS_SUCCESS;
}

void Mgmt::Close()
{
    if (Engine) {
        FwpmEngineClose0(Engine);
        Engine = nullptr;
    }
}

extern "C" NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING name = RTL_CONSTANT_STRING(FT_DEVICE_NAME);
    NTSTATUS st = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_NETWORK,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(st)) {
        FT_LOG("IoCreateDevice 0x%08x", st);
        return st;
    }

    st = Callouts::Register(g_Device);
    if (!NT_SUCCESS(st)) {
        goto cleanup;
    }

    st = Mgmt::AddObjects();
    if (!NT_SUCCESS(st)) {
        FT_LOG("BFE objects 0x%08x", st);
        goto cleanup;
    }

    DriverObject->DriverUnload = FtUnload;
    FT_LOG("loaded, flow=%u stream=%u", Callouts::FlowId, Callouts::StreamId);
    return STATUS_SUCCESS;

cleanup:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    return st;
}

static void
FtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    Mgmt::Close();
    Callouts::RemoveAllFlows();

    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
    Callouts::Unregister();

    FT_LOG("unloaded");
}
