// RegFilter.h - registry callback with a small prefix rule table
#pragma once
#include <ntddk.h>
#include "Common.h"

namespace regmon {

constexpr ULONG kTag = 'mgeR';

enum class Mode : LONG {
    Off   = REGMON_MODE_OFF,
    Log   = REGMON_MODE_LOG,
    Block = REGMON_MODE_BLOCK,
};

struct Settings {
    volatile LONG Mode;
    volatile LONG Hits;
};

class RegFilter {
public:
    // rule table (ERESOURCE + prefixes)
    static NTSTATUS InitRules();
    static void FreeRules();
    static NTSTATUS AddPrefix(_In_reads_bytes_(cb) PCWSTR text, USHORT cb);

    // the CmRegisterCallbackEx registration itself
    static NTSTATUS Register(_In_ PDRIVER_OBJECT driver);
    static void Unregister();

    static void SetMode(Mode m) { InterlockedExchange(&s_Settings.Mode, static_cast<LONG>(m)); }
    static LONG Hits() { return InterlockedCompareExchange(&s_Settings.Hits, 0, 0); }

private:
    static NTSTATUS OnRegistry(_In_opt_ PVOID context, _In_opt_ PVOID arg1, _In_opt_ PVOID arg2);
    static bool Matches(_In_ PCUNICODE_STRING path);

    static LARGE_INTEGER s_Cookie;
    static bool s_Registered;
    static ERESOURCE s_Lock;
    static UNICODE_STRING s_Prefixes[REGMON_MAX_PREFIXES];
    static ULONG s_PrefixCount;
    static Settings s_Settings;
};

} // namespace regmon
