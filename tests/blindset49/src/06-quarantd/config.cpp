//
// config.cpp - service key parameters
//
#include "quarantd.h"

namespace qd {

namespace {

NTSTATUS OpenServiceKey(_Out_ PHANDLE Key)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, &g_Config.ServiceKey,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    return ZwOpenKey(Key, KEY_READ, &oa);
}

// caller frees *Info with ExFreePoolWithTag(QD_CFG_TAG)
NTSTATUS QueryValue(_In_ HANDLE Key, _In_ PCWSTR Name, _Outptr_ PKEY_VALUE_PARTIAL_INFORMATION* Info)
{
    UNICODE_STRING valueName;
    ULONG length = 0;
    NTSTATUS status;

    *Info = nullptr;
    RtlInitUnicodeString(&valueName, Name);

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, nullptr, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }

    auto info = static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(
        ExAllocatePool2(POOL_FLAG_PAGED, length, QD_CFG_TAG));
    if (info == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation, info, length, &length);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(info, QD_CFG_TAG);
        return status;
    }

    *Info = info;
    return STATUS_SUCCESS;
}

} // anonymous namespace

#pragma code_seg(push, "PAGE")

NTSTATUS Config::Load(_In_ PUNICODE_STRING RegistryPath)
{
    PAGED_CODE();

    // InstanceSetup re-reads the exclusion list from the same key, so
    // volumes can be excluded without restarting the service.
    g_Config.ServiceKey = *RegistryPath;

    PCWSTR ext = QD_DEFAULT_EXT;
    USHORT extBytes = sizeof(QD_DEFAULT_EXT) - sizeof(WCHAR);

    HANDLE key = nullptr;
    PKEY_VALUE_PARTIAL_INFORMATION info = nullptr;

    if (NT_SUCCESS(OpenServiceKey(&key))) {
        if (NT_SUCCESS(QueryValue(key, L"Extension", &info)) &&
            info->Type == REG_SZ &&
            info->DataLength >= 2 * sizeof(WCHAR) &&
            info->DataLength <= QD_MAX_EXT_CCH * sizeof(WCHAR)) {
            ext = reinterpret_cast<PCWSTR>(info->Data);
            extBytes = static_cast<USHORT>(info->DataLength - sizeof(WCHAR));   // drop NUL
        }
        ZwClose(key);
    }

    NTSTATUS status = STATUS_SUCCESS;
    g_Config.Extension.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_NON_PAGED, extBytes, QD_CFG_TAG));
    if (g_Config.Extension.Buffer == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
    } else {
        RtlCopyMemory(g_Config.Extension.Buffer, ext, extBytes);
        g_Config.Extension.Length = extBytes;
        g_Config.Extension.MaximumLength = extBytes;
    }

    if (info != nullptr) {
        ExFreePoolWithTag(info, QD_CFG_TAG);
    }
    return status;
}

void Config::Free()
{
    PAGED_CODE();

    if (g_Config.Extension.Buffer != nullptr) {
        ExFreePoolWithTag(g_Config.Extension.Buffer, QD_CFG_TAG);
        RtlZeroMemory(&g_Config.Extension, sizeof(g_Config.Extension));
    }
}

bool Config::IsVolumeExcluded(_In_ PCUNICODE_STRING VolumeName)
{
    PAGED_CODE();

    HANDLE key = nullptr;
    PKEY_VALUE_PARTIAL_INFORMATION info = nullptr;
    bool excluded = false;

    if (!NT_SUCCESS(OpenServiceKey(&key))) {
        return false;
    }

    if (NT_SUCCESS(QueryValue(key, L"ExcludedVolumes", &info)) && info->Type == REG_MULTI_SZ) {
        auto p   = reinterpret_cast<PWCH>(info->Data);
        auto end = p + info->DataLength / sizeof(WCHAR);
        while (p < end && *p != L'\0' && !excluded) {
            UNICODE_STRING entry;
            RtlInitUnicodeString(&entry, p);
            excluded = RtlEqualUnicodeString(&entry, VolumeName, TRUE) != FALSE;
            p += entry.Length / sizeof(WCHAR) + 1;
        }
    }

    if (info != nullptr) {
        ExFreePoolWithTag(info, QD_CFG_TAG);
    }
    ZwClose(key);
    return excluded;
}

#pragma code_seg(pop)

} // namespace qd
