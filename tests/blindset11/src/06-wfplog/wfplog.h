// wfplog.h - tiny WFP connection / packet logger
//
// Two callouts:
//   * ALE_AUTH_CONNECT_V4   -> logs every outbound IPv4 connect
//   * INBOUND_TRANSPORT_V4  -> counts inbound IPv4 transport packets
// Both always PERMIT; this is a logger, not a firewall.
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable : 4201) // nameless struct/union in the WFP headers
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define LOGW(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "[wfplog] " fmt "\n", __VA_ARGS__)

namespace wfplog {

constexpr ULONG kPoolTag = 'golW';

// {A3F1C3B2-5D7E-4C61-8F2A-0B9E6D4C1A01}
constexpr GUID kConnectCalloutKey =
    { 0xa3f1c3b2, 0x5d7e, 0x4c61, { 0x8f, 0x2a, 0x0b, 0x9e, 0x6d, 0x4c, 0x1a, 0x01 } };
// {A3F1C3B2-5D7E-4C61-8F2A-0B9E6D4C1A02}
constexpr GUID kRecvCalloutKey =
    { 0xa3f1c3b2, 0x5d7e, 0x4c61, { 0x8f, 0x2a, 0x0b, 0x9e, 0x6d, 0x4c, 0x1a, 0x02 } };
// {A3F1C3B2-5D7E-4C61-8F2A-0B9E6D4C1A03}
constexpr GUID kSublayerKey =
    { 0xa3f1c3b2, 0x5d7e, 0x4c61, { 0x8f, 0x2a, 0x0b, 0x9e, 0x6d, 0x4c, 0x1a, 0x03 } };

struct State {
    PDEVICE_OBJECT Device;
    HANDLE         Engine;
    UINT32         ConnectCalloutId;
    UINT32         RecvCalloutId;
    UINT64         ConnectFilterId;
    UINT64         RecvFilterId;
    volatile LONG64 Connects;
    volatile LONG64 Packets;
};

extern State g_State;

// minimal scope guard, the lambda runs unless dismissed
template <typename F>
class ScopeGuard {
public:
    explicit ScopeGuard(F f) : m_f(f), m_active(true) {}
    ~ScopeGuard() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
    ScopeGuard(const ScopeGuard&) = delete;
    ScopeGuard& operator=(const ScopeGuard&) = delete;
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeGuard<F> MakeGuard(F f) { return ScopeGuard<F>(f); }

class Callouts {
public:
    static NTSTATUS RegisterConnect(PDEVICE_OBJECT device, UINT32* id);
    static NTSTATUS RegisterRecv(PDEVICE_OBJECT device, UINT32* id);
    static NTSTATUS AddManagementObjects(HANDLE engine);

private:
    static void NTAPI ClassifyConnect(
        const FWPS_INCOMING_VALUES0* inFixedValues,
        const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
        void* layerData,
        const FWPS_FILTER0* filter,
        UINT64 flowContext,
        FWPS_CLASSIFY_OUT0* classifyOut);

    static void NTAPI ClassifyRecv(
        const FWPS_INCOMING_VALUES0* inFixedValues,
        const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
        void* layerData,
        const FWPS_FILTER0* filter,
        UINT64 flowContext,
        FWPS_CLASSIFY_OUT0* classifyOut);

    static NTSTATUS NTAPI Notify(
        FWPS_CALLOUT_NOTIFY_TYPE notifyType,
        const GUID* filterKey,
        const FWPS_FILTER0* filter);
};

} // namespace wfplog
