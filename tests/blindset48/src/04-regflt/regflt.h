//
// regflt.h - registry guard: audits or blocks writes to a configured set of
// keys using a configuration-manager callback.
//
#pragma once

#include <ntddk.h>

#define RF_TAG          'tfgR'
#define RF_ALTITUDE     L"385201"

#define RF_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regflt: " fmt "\n", __VA_ARGS__)

namespace regflt {

enum class FilterState : LONG {
    Stopped = 0,
    Registering,
    Active,
};

enum : ULONG {
    ModeAudit = 0,
    ModeBlock = 1,
};

class Config {
public:
    static NTSTATUS Load(_In_ PUNICODE_STRING RegistryPath);
    static void     Unload();

    static bool             IsProtected(_In_ PCUNICODE_STRING KeyPath);
    static PCUNICODE_STRING ServiceKey() { return &s_ServiceKey; }
    static ULONG            Mode()       { return s_Mode; }

private:
    static RTL_QUERY_REGISTRY_ROUTINE OnProtectedKeys;

    static UNICODE_STRING s_ServiceKey;
    static PWCHAR         s_Protected;       // REG_MULTI_SZ, owned
    static ULONG          s_ProtectedBytes;
    static ULONG          s_Mode;
};

class RegFilter {
public:
    static NTSTATUS Register(_In_ PDRIVER_OBJECT DriverObject);
    static void     Unregister();
    static LONG     Blocked() { return s_Blocked; }

private:
    static NTSTATUS OnRegistryOp(_In_ PVOID CallbackContext, _In_opt_ PVOID Argument1, _In_opt_ PVOID Argument2);

    static LARGE_INTEGER  s_Cookie;
    static volatile LONG  s_State;
    static volatile LONG  s_Blocked;

    friend class ScopedKeyName;
};

//
// RAII wrapper around CmCallbackGetKeyObjectIDEx / CmCallbackReleaseKeyObjectIDEx.
//
class ScopedKeyName {
public:
    explicit ScopedKeyName(_In_ PVOID KeyObject)
    {
        m_status = CmCallbackGetKeyObjectIDEx(&RegFilter::s_Cookie, KeyObject, nullptr, &m_name, 0);
    }
    ~ScopedKeyName()
    {
        if (NT_SUCCESS(m_status) && m_name != nullptr) {
            CmCallbackReleaseKeyObjectIDEx(m_name);
        }
    }
    ScopedKeyName(const ScopedKeyName&) = delete;
    ScopedKeyName& operator=(const ScopedKeyName&) = delete;

    bool             valid() const { return NT_SUCCESS(m_status) && m_name != nullptr; }
    PCUNICODE_STRING get() const   { return m_name; }

private:
    NTSTATUS         m_status = STATUS_UNSUCCESSFUL;
    PCUNICODE_STRING m_name = nullptr;
};

} // namespace regflt
