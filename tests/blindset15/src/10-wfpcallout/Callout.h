#pragma once

extern "C" {
#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable: 4201)
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
}

#define CT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "conntrace: " fmt "\n", __VA_ARGS__)

namespace conntrace {

constexpr ULONG kTag = 'rTnC';
constexpr ULONG kMaxBlockedPorts = 16;

struct State {
    PDEVICE_OBJECT Device;
    HANDLE Engine;
    UINT32 CalloutIdV4;
    UINT32 CalloutIdV6;
    UINT64 FilterIdV4;
    UINT64 FilterIdV6;

    KSPIN_LOCK PortLock;
    UINT16 BlockedPorts[kMaxBlockedPorts];
    ULONG BlockedCount;

    volatile LONG64 Connects;
    volatile LONG64 Blocked;
};

extern State g_State;

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F fn) : m_fn(fn), m_active(true) {}
    ~ScopeExit() { if (m_active) m_fn(); }
    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F m_fn;
    bool m_active;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F fn) { return ScopeExit<F>(fn); }

class Callouts {
public:
    static NTSTATUS Register(_In_ PDEVICE_OBJECT Device);
    static void Unregister();
    static NTSTATUS AddFilters(_In_ HANDLE Engine);

private:
    static void NTAPI Classify(
        _In_ const FWPS_INCOMING_VALUES0* FixedValues,
        _In_ const FWPS_INCOMING_METADATA_VALUES0* MetaValues,
        _Inout_opt_ void* LayerData,
        _In_opt_ const void* ClassifyContext,
        _In_ const FWPS_FILTER3* Filter,
        _In_ UINT64 FlowContext,
        _Inout_ FWPS_CLASSIFY_OUT0* ClassifyOut);

    static NTSTATUS NTAPI Notify(
        _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
        _In_ const GUID* FilterKey,
        _Inout_ FWPS_FILTER3* Filter);

    static bool IsBlocked(UINT16 port);
    static NTSTATUS AddOneCallout(HANDLE engine, const GUID& key, const GUID& layer, PCWSTR name);
    static NTSTATUS AddOneFilter(HANDLE engine, const GUID& callout, const GUID& layer,
                                 PCWSTR name, UINT64* filterId);
};

NTSTATUS LoadBlockedPorts(_In_ PUNICODE_STRING RegistryPath);

} // namespace conntrace
