#pragma once
#include <fltKernel.h>

namespace blockfs {

constexpr ULONG kTag = 'kcLB';
constexpr ULONG kMaxExtensions = 16;
constexpr USHORT kMaxExtChars = 15;

// Extensions blocked when the registry says nothing.
constexpr const wchar_t* kDefaultExtensions[] = { L"locky", L"wncry", L"crypt" };

struct ExtensionList {
    ULONG Count;
    WCHAR Items[kMaxExtensions][kMaxExtChars + 1];
};

class Config {
public:
    static NTSTATUS Load(PCUNICODE_STRING RegistryPath);
    static void Unload();
    static bool IsBlocked(PCUNICODE_STRING Extension);
private:
    static void AddExtension(PCWSTR ext, size_t chars);
    static ExtensionList* s_list;
};

} // namespace blockfs
