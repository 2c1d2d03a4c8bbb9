//
// FlowMon.h - WFP callout driver counting established flows per direction
// and protocol at the ALE flow-established layers; counters are read by
// the FlowMon service through \\.\FlowMon. Inspection only (never blocks).
//
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union in the NDIS/WFP headers
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#ifndef RPC_C_AUTHN_DEFAULT
#define RPC_C_AUTHN_DEFAULT 0xFFFFFFFFL
#endif

#define FM_POOL_TAG             'nMlF'
#define FM_NT_DEVICE_NAME       L"\\Device\\FlowMon"
#define FM_DOS_DEVICE_NAME      L"\\DosDevices\\FlowMon"

#define FILE_DEVICE_FLOWMON     0x8E00
#define IOCTL_FLOWMON_GET_STATS \
    CTL_CODE(FILE_DEVICE_FLOWMON, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FmTrace(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_lvl), "FlowMon!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define FmError(_fmt, ...)  FmTrace(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define FmInfo(_fmt, ...)   FmTrace(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

// Keys of our BFE objects (dynamic session: removed when the handle closes).
DEFINE_GUID(FM_SUBLAYER_KEY,
    0xa7c3f1d0, 0x2e5b, 0x4c8a, 0xb1, 0xf9, 0x5d, 0x3e, 0x7a, 0x2c, 0x6b, 0x40);
DEFINE_GUID(FM_CALLOUT_FLOW_V4_KEY,
    0xa7c3f1d1, 0x2e5b, 0x4c8a, 0xb1, 0xf9, 0x5d, 0x3e, 0x7a, 0x2c, 0x6b, 0x40);
DEFINE_GUID(FM_CALLOUT_FLOW_V6_KEY,
    0xa7c3f1d2, 0x2e5b, 0x4c8a, 0xb1, 0xf9, 0x5d, 0x3e, 0x7a, 0x2c, 0x6b, 0x40);

#include <pshpack8.h>
typedef struct _FLOWMON_STATS {
    LONG64  InboundV4;
    LONG64  OutboundV4;
    LONG64  InboundV6;
    LONG64  OutboundV6;
    LONG64  Tcp;
    LONG64  Udp;
    LONG64  OtherProtocol;
} FLOWMON_STATS, *PFLOWMON_STATS;
#include <poppack.h>

// Kernel allocation operators for the driver's C++ objects.
void* __cdecl operator new(size_t Size, POOL_TYPE PoolType, ULONG Tag) noexcept;
void __cdecl operator delete(void* Pointer) noexcept;
void __cdecl operator delete(void* Pointer, size_t Size) noexcept;

namespace fm {

class FlowMonDriver
{
public:
    FlowMonDriver();
    ~FlowMonDriver();

    FlowMonDriver(const FlowMonDriver&) = delete;
    FlowMonDriver& operator=(const FlowMonDriver&) = delete;

    // Initialize fully succeeds or leaves nothing behind; Shutdown undoes
    // whatever m_State records and is idempotent.
    _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS Initialize(_In_ PDRIVER_OBJECT DriverObject);
    _IRQL_requires_(PASSIVE_LEVEL) VOID Shutdown();

    VOID CountFlow(_In_ bool V6, _In_ bool Outbound, _In_ UINT8 Protocol);
    VOID SnapshotStats(_Out_ PFLOWMON_STATS Stats) const;

private:
    enum StateBits : ULONG {
        StateDevice     = 0x01,
        StateSymlink    = 0x02,
        StateCalloutV4  = 0x04,
        StateCalloutV6  = 0x08,
        StateEngine     = 0x10,
    };

    NTSTATUS CreateDevice(_In_ PDRIVER_OBJECT DriverObject);
    NTSTATUS RegisterCallout(_In_ const GUID& Key, _Out_ UINT32* CalloutId);
    NTSTATUS AddManagementObjects(_In_ HANDLE Engine);

    ULONG           m_State;
    PDEVICE_OBJECT  m_Device;
    UINT32          m_CalloutIdV4;
    UINT32          m_CalloutIdV6;
    HANDLE          m_Engine;
    FLOWMON_STATS   m_Stats;
};

// Classify / notify functions registered with the filter engine.
void NTAPI FlowEstablishedClassify(
    _In_ const FWPS_INCOMING_VALUES0* InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* InMetaValues,
    _Inout_opt_ void* LayerData,
    _In_ const FWPS_FILTER0* Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* ClassifyOut);

NTSTATUS NTAPI FlowEstablishedNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID* FilterKey,
    _Inout_ const FWPS_FILTER0* Filter);

} // namespace fm

extern fm::FlowMonDriver* g_FlowMon;
