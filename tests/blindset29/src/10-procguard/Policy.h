#pragma once
#include "KUtil.h"

// Policy - everything the callbacks consult. Initialized before any callback is
// registered, destroyed only after all of them are gone and the run-down drained.
class Policy {
public:
    static constexpr ULONG MaxDenied = 16;
    static constexpr USHORT MaxNameChars = 64;

    NTSTATUS Initialize(_In_ PCUNICODE_STRING serviceKey);
    void Destroy();

    // run-down protection for callers outside the registered callbacks
    PEX_RUNDOWN_REF Rundown() { return &m_rundown; }

    void SetAgentPid(HANDLE pid) { InterlockedExchangePointer(&m_agentPid, pid); }
    HANDLE AgentPid() const { return static_cast<HANDLE>(m_agentPid); }

    NTSTATUS AddDeniedImage(_In_reads_(chars) PCWCH name, USHORT chars);
    bool IsDeniedImage(_In_opt_ PCUNICODE_STRING imagePath);
    bool IsProtectedKey(_In_ PCUNICODE_STRING keyPath) const;

private:
    EX_RUNDOWN_REF  m_rundown;
    EX_SPIN_LOCK    m_lock;
    PVOID volatile  m_agentPid;
    UNICODE_STRING  m_serviceKey;           // deep copy of the service key path
    ULONG           m_deniedCount;
    USHORT          m_deniedChars[MaxDenied];
    WCHAR           m_denied[MaxDenied][MaxNameChars];
};

extern Policy g_Policy;
