#pragma once

#include "regguard.h"

namespace rg {

//
// List of image file names (just the last path component, e.g. "regedit.exe")
// that may touch the protected key. Paged, only used at PASSIVE_LEVEL.
//
class AllowList {
public:
    static bool     Initialize();
    static void     Destroy();
    static NTSTATUS Add(_In_ PCWSTR imageName);
    static bool     IsAllowed(_In_ PCUNICODE_STRING fullImagePath);
    static ULONG    Count() { return s_Count; }

private:
    static constexpr ULONG kInitialCapacity = 16;

    static ERESOURCE        s_Lock;
    static PUNICODE_STRING  s_Entries;
    static ULONG            s_Count;
    static ULONG            s_Capacity;
};

} // namespace rg
