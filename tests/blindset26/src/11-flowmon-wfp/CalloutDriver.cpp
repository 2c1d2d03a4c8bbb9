//
// CalloutDriver.cpp - lifetime of the device object, callouts and BFE session.
//
#include "FlowMon.h"

// ---- kernel allocation operators -------------------------------------------
void* __cdecl operator new(size_t Size, POOL_TYPE PoolType, ULONG Tag) noexcept
{
    return ExAllocatePoolZero(PoolType, Size, Tag);
}

void __cdecl operator delete(void* Pointer) noexcept
{
    if (Pointer != nullptr) { ExFreePool(Pointer); }
}

void __cdecl operator delete(void* Pointer, size_t) noexcept
{
    if (Pointer != nullptr) { ExFreePool(Pointer); }
}

namespace fm {

// ---- RAII helpers for the management API ----------------------------------
// Owns an engine handle until Release() hands it over.
class EngineSession
{
public:
    EngineSession() : m_Handle(nullptr) {}
    ~EngineSession() { if (m_Handle != nullptr) { FwpmEngineClose0(m_Handle); } }

    NTSTATUS Open()
    {
        FWPM_SESSION0 session;
        RtlZeroMemory(&session, sizeof(session));
        session.flags = FWPM_SESSION_FLAG_DYNAMIC;
        return FwpmEngineOpen0(nullptr, RPC_C_AUTHN_DEFAULT, nullptr, &session, &m_Handle);
    }

    HANDLE Get() const { return m_Handle; }
    HANDLE Release() { HANDLE h = m_Handle; m_Handle = nullptr; return h; }

private:
    HANDLE m_Handle;
};

// Aborts the transaction unless Commit() succeeded.
class Transaction
{
public:
    explicit Transaction(HANDLE Engine) : m_Engine(Engine), m_Open(false) {}
    ~Transaction() { if (m_Open) { (VOID)FwpmTransactionAbort0(m_Engine); } }

    NTSTATUS Begin()
    {
        NTSTATUS status = FwpmTransactionBegin0(m_Engine, 0);
        m_Open = NT_SUCCESS(status);
        return status;
    }

    NTSTATUS Commit()
    {
        NTSTATUS status = FwpmTransactionCommit0(m_Engine);
        m_Open = !NT_SUCCESS(status);
        return status;
    }

private:
    HANDLE m_Engine;
    bool   m_Open;
};

// ---- FlowMonDriver ----------------------------------------------------------
FlowMonDriver::FlowMonDriver()
    : m_State(0), m_Device(nullptr), m_CalloutIdV4(0), m_CalloutIdV6(0), m_Engine(nullptr)
{
    RtlZeroMemory(&m_Stats, sizeof(m_Stats));
}

FlowMonDriver::~FlowMonDriver() { NT_ASSERT(m_State == 0); }

NTSTATUS
FlowMonDriver::CreateDevice(_In_ PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(FM_NT_DEVICE_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(FM_DOS_DEVICE_NAME);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_FLOWMON,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &m_Device);
    if (!NT_SUCCESS(status)) {
        m_Device = nullptr;
        return status;
    }
    m_State |= StateDevice;

    status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(status)) {
        return status;          // caller runs Shutdown(), which deletes the device
    }
    m_State |= StateSymlink;

    m_Device->Flags |= DO_BUFFERED_IO;
    m_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
FlowMonDriver::RegisterCallout(_In_ const GUID& Key, _Out_ UINT32* CalloutId)
{
    FWPS_CALLOUT0 callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = Key;
    callout.flags = 0;
    callout.classifyFn = FlowEstablishedClassify;
    callout.notifyFn = FlowEstablishedNotify;
    callout.flowDeleteFn = nullptr;     // we never associate flow contexts

    return FwpsCalloutRegister0(m_Device, &callout, CalloutId);
}

NTSTATUS
FlowMonDriver::AddManagementObjects(_In_ HANDLE Engine)
{
    NTSTATUS status;
    FWPM_SUBLAYER0 subLayer;
    FWPM_CALLOUT0 callout;
    FWPM_FILTER0 filter;
    const GUID* layers[2] = { &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4, &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V6 };
    const GUID* callouts[2] = { &FM_CALLOUT_FLOW_V4_KEY, &FM_CALLOUT_FLOW_V6_KEY };

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = FM_SUBLAYER_KEY;
    subLayer.displayData.name = const_cast<wchar_t*>(L"FlowMon sublayer");
    subLayer.displayData.description = const_cast<wchar_t*>(L"FlowMon flow accounting");
    subLayer.weight = 0x100;

    status = FwpmSubLayerAdd0(Engine, &subLayer, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (ULONG i = 0; i < ARRAYSIZE(layers); i++) {
        RtlZeroMemory(&callout, sizeof(callout));
        callout.calloutKey = *callouts[i];
        callout.displayData.name = const_cast<wchar_t*>(L"FlowMon flow established");
        callout.applicableLayer = *layers[i];

        status = FwpmCalloutAdd0(Engine, &callout, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            return status;
        }

        RtlZeroMemory(&filter, sizeof(filter));
        filter.displayData.name = const_cast<wchar_t*>(L"FlowMon flow established");
        filter.layerKey = *layers[i];
        filter.subLayerKey = FM_SUBLAYER_KEY;
        filter.weight.type = FWP_EMPTY;             // let BFE assign
        filter.numFilterConditions = 0;             // every flow
        filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
        filter.action.calloutKey = *callouts[i];

        status = FwpmFilterAdd0(Engine, &filter, nullptr, nullptr);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    return STATUS_SUCCESS;
}

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FlowMonDriver::Initialize(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    do {
        status = CreateDevice(DriverObject);
        if (!NT_SUCCESS(status)) {
            break;
        }

        // Run-time callouts first: the filters added below reference them.
        status = RegisterCallout(FM_CALLOUT_FLOW_V4_KEY, &m_CalloutIdV4);
        if (!NT_SUCCESS(status)) {
            break;
        }
        m_State |= StateCalloutV4;

        status = RegisterCallout(FM_CALLOUT_FLOW_V6_KEY, &m_CalloutIdV6);
        if (!NT_SUCCESS(status)) {
            break;
        }
        m_State |= StateCalloutV6;

        EngineSession session;
        status = session.Open();
        if (!NT_SUCCESS(status)) {
            break;
        }

        Transaction txn(session.Get());
        status = txn.Begin();
        if (NT_SUCCESS(status)) {
            status = AddManagementObjects(session.Get());
        }
        if (NT_SUCCESS(status)) {
            status = txn.Commit();
        }
        if (!NT_SUCCESS(status)) {
            break;      // leaving the block aborts txn, then closes the session
        }

        m_Engine = session.Release();
        m_State |= StateEngine;
    } while (false);

    if (!NT_SUCCESS(status)) {
        FmError("initialization failed 0x%08X (state 0x%x)", status, m_State);
        Shutdown();
        return status;
    }

    FmInfo("callouts %u/%u registered", m_CalloutIdV4, m_CalloutIdV6);
    return STATUS_SUCCESS;
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID
FlowMonDriver::Shutdown()
{
    NTSTATUS status;
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(FM_DOS_DEVICE_NAME);

    // 1. Close the dynamic session: BFE deletes our filters, callouts and
    //    sublayer, so classify stops being invoked.
    if (m_State & StateEngine) {
        FwpmEngineClose0(m_Engine);
        m_Engine = nullptr;
        m_State &= ~StateEngine;
    }

    // 2. Unregister the run-time callouts. No flow contexts are ever
    //    associated, so STATUS_DEVICE_BUSY cannot occur.
    if (m_State & StateCalloutV6) {
        status = FwpsCalloutUnregisterById0(m_CalloutIdV6);
        NT_ASSERT(NT_SUCCESS(status));
        m_State &= ~StateCalloutV6;
    }
    if (m_State & StateCalloutV4) {
        status = FwpsCalloutUnregisterById0(m_CalloutIdV4);
        NT_ASSERT(NT_SUCCESS(status));
        m_State &= ~StateCalloutV4;
    }

    // 3. Only now the device object the callouts were registered with.
    if (m_State & StateSymlink) {
        (VOID)IoDeleteSymbolicLink(&dosName);
        m_State &= ~StateSymlink;
    }
    if (m_State & StateDevice) {
        IoDeleteDevice(m_Device);
        m_Device = nullptr;
        m_State &= ~StateDevice;
    }

    UNREFERENCED_PARAMETER(status);
}

VOID
FlowMonDriver::CountFlow(_In_ bool V6, _In_ bool Outbound, _In_ UINT8 Protocol)
{
    if (V6) {
        InterlockedIncrement64(Outbound ? &m_Stats.OutboundV6 : &m_Stats.InboundV6);
    } else {
        InterlockedIncrement64(Outbound ? &m_Stats.OutboundV4 : &m_Stats.InboundV4);
    }

    switch (Protocol) {
    case IPPROTO_TCP: InterlockedIncrement64(&m_Stats.Tcp); break;
    case IPPROTO_UDP: InterlockedIncrement64(&m_Stats.Udp); break;
    default:          InterlockedIncrement64(&m_Stats.OtherProtocol); break;
    }
}

VOID
FlowMonDriver::SnapshotStats(_Out_ PFLOWMON_STATS Stats) const
{
    *Stats = m_Stats;       // monotonic counters, a slightly stale copy is fine
}

} // namespace fm
