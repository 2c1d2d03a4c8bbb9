//
// wfpinject - duplicates outbound syslog/UDP datagrams at the transport
// layer so a flaky wireless hop loses fewer of them.
//
#include <initguid.h>
#include "Injector.h"
#include "Guards.h"

using namespace wfpi;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WfpiUnload;

static PDEVICE_OBJECT g_device = nullptr;
static HANDLE         g_engine = nullptr;
static UINT64         g_filterId = 0;

static NTSTATUS AddObjects(HANDLE engine)
{
    NTSTATUS status;

    FWPM_SUBLAYER0 sublayer = {};
    sublayer.subLayerKey = WFPI_SUBLAYER_KEY;
    sublayer.displayData.name = const_cast<wchar_t*>(L"wfpinject");
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(engine, &sublayer, nullptr);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpmSubLayerAdd0 0x%08X", status);
        return status;
    }

    FWPM_CALLOUT0 callout = {};
    callout.calloutKey = WFPI_CALLOUT_KEY;
    callout.displayData.name = const_cast<wchar_t*>(L"wfpinject mirror");
    callout.applicableLayer = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    status = FwpmCalloutAdd0(engine, &callout, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpmCalloutAdd0 0x%08X", status);
        return status;
    }

    FWPM_FILTER_CONDITION0 cond[2] = {};
    cond[0].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond[0].matchType = FWP_MATCH_EQUAL;
    cond[0].conditionValue.type = FWP_UINT8;
    cond[0].conditionValue.uint8 = WFPI_PROTO_UDP;
    cond[1].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    cond[1].matchType = FWP_MATCH_EQUAL;
    cond[1].conditionValue.type = FWP_UINT16;
    cond[1].conditionValue.uint16 = WFPI_MIRROR_PORT;

    FWPM_FILTER0 filter = {};
    filter.displayData.name = const_cast<wchar_t*>(L"wfpinject udp/514");
    filter.layerKey = FWPM_LAYER_OUTBOUND_TRANSPORT_V4;
    filter.subLayerKey = WFPI_SUBLAYER_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    filter.action.calloutKey = WFPI_CALLOUT_KEY;
    filter.numFilterConditions = ARRAYSIZE(cond);
    filter.filterCondition = cond;

    status = FwpmFilterAdd0(engine, &filter, nullptr, &g_filterId);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpmFilterAdd0 0x%08X", status);
    }
    return status;
}

static VOID WfpiUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WLOG("unload, %I64d datagrams mirrored", Injector::Mirrored());

    // dynamic session: closing the engine removes sublayer, callout, filter
    if (g_engine != nullptr) {
        FwpmEngineClose0(g_engine);
        g_engine = nullptr;
    }

    Injector::UnregisterCallout();
    Injector::Shutdown();

    if (g_device != nullptr) {
        IoDeleteDevice(g_device);
        g_device = nullptr;
    }
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto dropDevice = [](NTSTATUS why) -> NTSTATUS {
        IoDeleteDevice(g_device);
        g_device = nullptr;
        return why;
    };

    status = Injector::Initialize(DriverObject);
    if (!NT_SUCCESS(status)) {
        return dropDevice(status);
    }

    status = Injector::RegisterCallout(g_device);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpsCalloutRegister0 0x%08X", status);
        Injector::Shutdown();
        return dropDevice(status);
    }

    EngineHandle engine;
    FWPM_SESSION0 session = {};
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, engine.put());
    if (!NT_SUCCESS(status)) {
        WLOG("FwpmEngineOpen0 0x%08X", status);
        Injector::UnregisterCallout();
        Injector::Shutdown();
        return dropDevice(status);
    }

    {
        Transaction tx(engine.get());

        status = tx.Begin();
        if (!NT_SUCCESS(status)) {
            WLOG("FwpmTransactionBegin0 0x%08X", status);
            FwpmEngineClose0(engine.get());
            Injector::UnregisterCallout();
            Injector::Shutdown();
            return dropDevice(status);
        }

        status = AddObjects(engine.get());
        if (NT_SUCCESS(status)) {
            status = tx.Commit();
        }
        if (!NT_SUCCESS(status)) {
            // tx aborts and engine closes on the way out
            Injector::UnregisterCallout();
            Injector::Shutdown();
            return dropDevice(status);
        }
    }

    g_engine = engine.release();
    DriverObject->DriverUnload = WfpiUnload;

    WLOG("loaded, filter %I64u", g_filterId);
    return STATUS_SUCCESS;
}
