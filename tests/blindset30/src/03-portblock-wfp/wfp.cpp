//
// RAII wrappers around the WFP / IO manager objects we own
//
#include "portblock.h"

namespace pb {

//
// DeviceHolder
//
NTSTATUS DeviceHolder::Create(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = IoCreateDevice(DriverObject,
                                     0,
                                     nullptr,
                                     FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN,
                                     FALSE,
                                     &m_device);
    if (!NT_SUCCESS(status)) {
        m_device = nullptr;
    }
    return status;
}

DeviceHolder::~DeviceHolder()
{
    if (m_device != nullptr) {
        IoDeleteDevice(m_device);
        m_device = nullptr;
    }
}

//
// CalloutRegistration
//
NTSTATUS CalloutRegistration::Register(_In_ PDEVICE_OBJECT DeviceObject, _In_ const GUID& CalloutKey)
{
    FWPS_CALLOUT0 callout = {};

    callout.calloutKey   = CalloutKey;
    callout.flags        = 0;
    callout.classifyFn   = ClassifyConnectV4;
    callout.notifyFn     = NotifyConnectV4;
    callout.flowDeleteFn = nullptr;

    NTSTATUS status = FwpsCalloutRegister0(DeviceObject, &callout, &m_id);
    if (NT_SUCCESS(status)) {
        m_registered = true;
    }
    return status;
}

CalloutRegistration::~CalloutRegistration()
{
    if (m_registered) {
        NTSTATUS status = FwpsCalloutUnregisterById0(m_id);
        if (!NT_SUCCESS(status)) {
            PB_LOG("FwpsCalloutUnregisterById0(%u) -> 0x%08X", m_id, status);
        }
        m_registered = false;
    }
}

//
// EngineSession
//
NTSTATUS EngineSession::Open()
{
    FWPM_SESSION0 session = {};

    // dynamic: everything we add goes away when the handle is closed
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    return FwpmEngineOpen0(nullptr, RPC_C_AUTHN_WINNT, nullptr, &session, &m_engine);
}

NTSTATUS EngineSession::InstallConnectFilter(_In_ const GUID& CalloutKey)
{
    NTSTATUS status;
    FWPM_SUBLAYER0 sublayer = {};
    FWPM_CALLOUT0 mcallout = {};
    FWPM_FILTER0 filter = {};

    status = FwpmTransactionBegin0(m_engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    do {
        sublayer.subLayerKey = PB_SUBLAYER;
        sublayer.displayData.name = const_cast<wchar_t*>(L"PortBlock Sublayer");
        sublayer.displayData.description = const_cast<wchar_t*>(L"Sublayer for the PortBlock callout");
        sublayer.flags = 0;
        sublayer.weight = 0x100;

        status = FwpmSubLayerAdd0(m_engine, &sublayer, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        mcallout.calloutKey = CalloutKey;
        mcallout.displayData.name = const_cast<wchar_t*>(L"PortBlock Connect Callout");
        mcallout.displayData.description = const_cast<wchar_t*>(L"Blocks outbound connects to listed ports");
        mcallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

        status = FwpmCalloutAdd0(m_engine, &mcallout, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
        filter.subLayerKey = PB_SUBLAYER;
        filter.displayData.name = const_cast<wchar_t*>(L"PortBlock Connect Filter");
        filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
        filter.action.calloutKey = CalloutKey;
        filter.weight.type = FWP_EMPTY;
        filter.numFilterConditions = 0;
        filter.filterCondition = nullptr;

        status = FwpmFilterAdd0(m_engine, &filter, nullptr, &m_filterId);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = FwpmTransactionCommit0(m_engine);
        if (NT_SUCCESS(status)) {
            return STATUS_SUCCESS;
        }
    } while (false);

    FwpmTransactionAbort0(m_engine);
    return status;
}

EngineSession::~EngineSession()
{
    if (m_engine != nullptr) {
        FwpmEngineClose0(m_engine);
        m_engine = nullptr;
    }
}

//
// PortBlocker
//
NTSTATUS PortBlocker::Start(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status = m_device.Create(DriverObject);
    if (!NT_SUCCESS(status)) {
        PB_LOG("IoCreateDevice failed: 0x%08X", status);
        return status;
    }

    status = m_callout.Register(m_device.Get(), PB_CALLOUT_CONNECT_V4);
    PB_LOG("FwpsCalloutRegister0 -> 0x%08X", status);

    status = m_engine.Open();
    if (!NT_SUCCESS(status)) {
        PB_LOG("FwpmEngineOpen0 failed: 0x%08X", status);
        return status;
    }

    status = m_engine.InstallConnectFilter(PB_CALLOUT_CONNECT_V4);
    if (!NT_SUCCESS(status)) {
        PB_LOG("InstallConnectFilter failed: 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

} // namespace pb
