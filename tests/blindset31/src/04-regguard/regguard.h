#pragma once
#include "kalloc.h"

//
// RegistryGuard: blocks writes/deletes under a configurable set of key
// prefixes (e.g. our own service key) for non-trusted callers.
//
class RegistryGuard
{
public:
    RegistryGuard() noexcept;
    ~RegistryGuard();

    RegistryGuard(const RegistryGuard&) = delete;
    RegistryGuard& operator=(const RegistryGuard&) = delete;

    NTSTATUS Initialize() noexcept;
    NTSTATUS Register(_In_ PDRIVER_OBJECT DriverObject) noexcept;
    void     Unregister() noexcept;

    NTSTATUS AddProtectedPrefix(_In_ PCUNICODE_STRING Prefix) noexcept;
    void     ClearPrefixes() noexcept;
    ULONG    BlockedCount() const noexcept { return m_Blocked; }

private:
    struct PrefixEntry {
        LIST_ENTRY     Link;
        UNICODE_STRING Prefix;
        WCHAR          Buffer[1];
    };

    static NTSTATUS OnRegistryOperation(_In_ PVOID CallbackContext,
                                        _In_opt_ PVOID Argument1,
                                        _In_opt_ PVOID Argument2);

    NTSTATUS CheckObject(_In_ PVOID KeyObject) noexcept;
    bool     IsProtectedPath(_In_ PCUNICODE_STRING Path) noexcept;

    ERESOURCE     m_Lock;
    LIST_ENTRY    m_Prefixes;
    LARGE_INTEGER m_Cookie;
    bool          m_Registered;
    volatile LONG m_Blocked;
};
