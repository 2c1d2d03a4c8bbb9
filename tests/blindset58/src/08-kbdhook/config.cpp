// config.cpp -- <service>\Parameters reader
#include "kbdhook.h"

namespace kh {

namespace {

// enough for AttachTo (64 WCHARs) plus the header
constexpr ULONG kInfoSize = FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) +
                            KH_MAX_TARGET_CHARS * sizeof(WCHAR);

NTSTATUS QueryValue(HANDLE Key, PCWSTR Name, PKEY_VALUE_PARTIAL_INFORMATION Info, ULONG Size)
{
    UNICODE_STRING name;
    ULONG          needed = 0;

    RtlInitUnicodeString(&name, Name);
    return ZwQueryValueKey(Key, &name, KeyValuePartialInformation, Info, Size, &needed);
}

NTSTATUS OpenParametersKey(PCUNICODE_STRING RegistryPath, PHANDLE Key)
{
    static const WCHAR suffix[] = L"\\Parameters";
    UNICODE_STRING     path;
    OBJECT_ATTRIBUTES  oa;
    NTSTATUS           status;

    path.Length        = 0;
    path.MaximumLength = RegistryPath->Length + sizeof(suffix);
    path.Buffer        = static_cast<PWCH>(ExAllocatePoolWithTag(PagedPool, path.MaximumLength, KH_TAG));
    if (!path.Buffer) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    RtlAppendUnicodeToString(&path, suffix);

    InitializeObjectAttributes(&oa, &path, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    status = ZwOpenKey(Key, KEY_READ, &oa);

    ExFreePoolWithTag(path.Buffer, KH_TAG);
    return status;
}

} // anonymous namespace

NTSTATUS ReadConfig(PCUNICODE_STRING RegistryPath, Config* Cfg)
{
    HANDLE   key = nullptr;
    NTSTATUS status;
    DECLSPEC_ALIGN(8) UCHAR raw[kInfoSize];
    auto     info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);

    // defaults first, so every early return leaves something usable
    RtlZeroMemory(Cfg, sizeof(*Cfg));
    RtlInitEmptyUnicodeString(&Cfg->Target, Cfg->TargetBuf, sizeof(Cfg->TargetBuf));
    RtlAppendUnicodeToString(&Cfg->Target, KH_DEFAULT_TARGET);
    Cfg->MakeOnly = 1;

    status = OpenParametersKey(RegistryPath, &key);
    if (!NT_SUCCESS(status)) {
        KH_LOG("no Parameters key (0x%08X), using defaults", status);
        return STATUS_SUCCESS;
    }

    status = QueryValue(key, L"AttachTo", info, sizeof(raw));
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        // AttachTo is optional, keep the default target
        return STATUS_SUCCESS;
    }
    if (NT_SUCCESS(status) && info->Type == REG_SZ &&
        info->DataLength >= sizeof(WCHAR) && info->DataLength <= sizeof(Cfg->TargetBuf)) {
        RtlCopyMemory(Cfg->TargetBuf, info->Data, info->DataLength);
        // DataLength counts the terminator if there is one
        Cfg->Target.Length = static_cast<USHORT>(info->DataLength);
        if (Cfg->TargetBuf[info->DataLength / sizeof(WCHAR) - 1] == L'\0') {
            Cfg->Target.Length -= sizeof(WCHAR);
        }
    }

    status = QueryValue(key, L"MakeOnly", info, sizeof(raw));
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        Cfg->MakeOnly = *reinterpret_cast<ULONG UNALIGNED*>(info->Data);
    }

    ZwClose(key);
    KH_LOG("config: target %wZ makeonly %lu", &Cfg->Target, Cfg->MakeOnly);
    return STATUS_SUCCESS;
}

} // namespace kh
