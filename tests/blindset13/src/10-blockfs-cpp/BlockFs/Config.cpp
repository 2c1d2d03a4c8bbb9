//
// Config.cpp - the blocked-extension list. REG_MULTI_SZ "Extensions" under
// the service's Parameters key, or the built-in defaults.
//
#include "Config.h"

namespace blockfs {

ExtensionList* Config::s_list = nullptr;

void Config::AddExtension(PCWSTR ext, size_t chars)
{
    if (s_list->Count >= kMaxExtensions || chars == 0 || chars > kMaxExtChars) {
        return;
    }
    auto& slot = s_list->Items[s_list->Count++];
    RtlCopyMemory(slot, ext, chars * sizeof(WCHAR));
    slot[chars] = L'\0';
}

NTSTATUS Config::Load(PCUNICODE_STRING RegistryPath)
{
    s_list = static_cast<ExtensionList*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ExtensionList), kTag));
    if (s_list == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    OBJECT_ATTRIBUTES oa;
    HANDLE service = nullptr, params = nullptr;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    if (NT_SUCCESS(ZwOpenKey(&service, KEY_READ, &oa))) {
        UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");
        InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, service, nullptr);
        if (NT_SUCCESS(ZwOpenKey(&params, KEY_READ, &oa))) {
            UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"Extensions");
            ULONG needed = 0;
            NTSTATUS st = ZwQueryValueKey(params, &valueName, KeyValuePartialInformation, nullptr, 0, &needed);
            if ((st == STATUS_BUFFER_TOO_SMALL || st == STATUS_BUFFER_OVERFLOW) && needed < 4096) {
                auto info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(
                    ExAllocatePool2(POOL_FLAG_PAGED, needed, kTag));
                if (info != nullptr) {
                    if (NT_SUCCESS(ZwQueryValueKey(params, &valueName, KeyValuePartialInformation,
                                                   info, needed, &needed)) &&
                        info->Type == REG_MULTI_SZ) {
                        auto p = reinterpret_cast<PCWSTR>(info->Data);
                        auto end = p + info->DataLength / sizeof(WCHAR);
                        while (p < end && *p) {
                            auto q = p;
                            while (q < end && *q) { ++q; }
                            AddExtension(p, q - p);
                            p = q + 1;
                        }
                    }
                    ExFreePoolWithTag(info, kTag);
                }
            }
            ZwClose(params);
        }
        ZwClose(service);
    }

    if (s_list->Count == 0) {
        for (auto ext : kDefaultExtensions) {
            AddExtension(ext, wcslen(ext));
        }
    }
    return STATUS_SUCCESS;
}

void Config::Unload()
{
    if (s_list != nullptr) {
        ExFreePoolWithTag(s_list, kTag);
        s_list = nullptr;
    }
}

bool Config::IsBlocked(PCUNICODE_STRING Extension)
{
    if (s_list == nullptr || Extension->Length == 0) {
        return false;
    }
    for (ULONG i = 0; i < s_list->Count; ++i) {
        UNICODE_STRING item;
        RtlInitUnicodeString(&item, s_list->Items[i]);
        if (RtlEqualUnicodeString(&item, Extension, TRUE)) {
            return true;
        }
    }
    return false;
}

} // namespace blockfs
