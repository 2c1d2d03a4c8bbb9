//
// config.cpp - reads Parameters\ProtectedKey (REG_SZ) from the service key
//
#include "regguard.h"

namespace rg {

UNICODE_STRING Config::s_protectedKey;
UNICODE_STRING Config::s_serviceKey;

NTSTATUS DuplicateString(_Out_ PUNICODE_STRING Dst, _In_ PCUNICODE_STRING Src, _In_ USHORT ExtraBytes)
{
    RtlZeroMemory(Dst, sizeof(*Dst));

    if (Src->Length + static_cast<ULONG>(ExtraBytes) > MAXUSHORT)
        return STATUS_NAME_TOO_LONG;

    USHORT size = Src->Length + ExtraBytes;
    auto buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, size ? size : sizeof(WCHAR), RG_TAG));
    if (!buffer)
        return STATUS_INSUFFICIENT_RESOURCES;

    Dst->Buffer = buffer;
    Dst->MaximumLength = size;
    RtlCopyUnicodeString(Dst, Src);
    return STATUS_SUCCESS;
}

void FreeString(_Inout_ PUNICODE_STRING Str)
{
    if (Str->Buffer) {
        ExFreePoolWithTag(Str->Buffer, RG_TAG);
    }
    RtlZeroMemory(Str, sizeof(*Str));
}

NTSTATUS Config::Load(_In_ PCUNICODE_STRING RegistryPath)
{
    static const WCHAR kParams[] = L"\\Parameters";
    UNICODE_STRING paramsPath;
    NTSTATUS status;

    // our own copy - the I/O manager's buffer is gone after DriverEntry
    status = DuplicateString(&s_serviceKey, RegistryPath);
    if (!NT_SUCCESS(status))
        return status;

    status = DuplicateString(&paramsPath, RegistryPath, sizeof(kParams));
    if (!NT_SUCCESS(status)) {
        FreeString(&s_serviceKey);
        return status;
    }
    RtlAppendUnicodeToString(&paramsPath, kParams);

    auto readValue = [&]() -> NTSTATUS {
        KHandle key;
        OBJECT_ATTRIBUTES oa;
        InitializeObjectAttributes(&oa, &paramsPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                                   nullptr, nullptr);

        NTSTATUS s = ZwOpenKey(&key, KEY_READ, &oa);
        if (!NT_SUCCESS(s))
            return s;

        UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ProtectedKey");
        ULONG needed = 0;
        s = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, nullptr, 0, &needed);
        if (s != STATUS_BUFFER_TOO_SMALL && s != STATUS_BUFFER_OVERFLOW)
            return NT_SUCCESS(s) ? STATUS_OBJECT_TYPE_MISMATCH : s;

        PoolPtr<KEY_VALUE_PARTIAL_INFORMATION> info(needed);
        if (!info)
            return STATUS_INSUFFICIENT_RESOURCES;

        s = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info.Get(), needed, &needed);
        if (!NT_SUCCESS(s))
            return s;
        if (info->Type != REG_SZ || info->DataLength < sizeof(WCHAR) * 2 || info->DataLength > MAXUSHORT)
            return STATUS_OBJECT_TYPE_MISMATCH;

        UNICODE_STRING value;
        value.Buffer = reinterpret_cast<PWCH>(info->Data);
        value.Length = static_cast<USHORT>(info->DataLength - sizeof(WCHAR));  // drop the NUL
        value.MaximumLength = value.Length;
        return DuplicateString(&s_protectedKey, &value);
    };

    status = readValue();
    FreeString(&paramsPath);

    if (!NT_SUCCESS(status)) {
        RGLOG("no usable Parameters\\ProtectedKey (0x%08X)", status);
        FreeString(&s_serviceKey);
        return status;
    }

    RGLOG("protecting %wZ", &s_protectedKey);
    return STATUS_SUCCESS;
}

void Config::Free()
{
    FreeString(&s_protectedKey);
    FreeString(&s_serviceKey);
}

} // namespace rg
