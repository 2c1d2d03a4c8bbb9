// fltblock.h - minifilter that refuses to open files whose name matches a
// pattern list (e.g. *.LOCKED). Denials are reported on \FltBlockPort.
#pragma once

#include <fltKernel.h>

namespace fb {

constexpr ULONG kTag        = 'klBF';
constexpr ULONG kMaxRules   = 16;
constexpr ULONG kNameChars  = 128;

constexpr const wchar_t* kPortName = L"\\FltBlockPort";

struct DenyNotice {
    ULONG ProcessId;
    WCHAR Name[kNameChars];
};

class RuleSet {
public:
    // Builds the rule set from <service>\Parameters\BlockedNames (REG_MULTI_SZ).
    // Returns nullptr only when out of memory; *status says whether the
    // registry was used or the built-in defaults were.
    static RuleSet* Load(PCUNICODE_STRING registryPath, NTSTATUS* status);

    ~RuleSet();

    bool  Matches(PCUNICODE_STRING finalComponent) const;
    ULONG Count() const { return m_count; }

    static void* operator new(size_t size) noexcept
    {
        return ExAllocatePool2(POOL_FLAG_NON_PAGED, size, kTag);
    }
    static void operator delete(void* p) noexcept
    {
        if (p != nullptr) {
            ExFreePoolWithTag(p, kTag);
        }
    }

private:
    RuleSet() : m_count(0) { RtlZeroMemory(m_patterns, sizeof(m_patterns)); }
    bool Add(PCWSTR text, USHORT bytes);
    void AddDefaults();

    UNICODE_STRING m_patterns[kMaxRules];
    ULONG          m_count;
};

struct Globals {
    PFLT_FILTER   Filter;
    PFLT_PORT     ServerPort;
    PFLT_PORT     ClientPort;
    RuleSet*      Rules;
    volatile LONG Denied;
};

extern Globals g;

} // namespace fb
