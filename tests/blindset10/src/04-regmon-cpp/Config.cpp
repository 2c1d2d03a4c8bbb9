// Config.cpp - registry parameters for regmon
#include "Config.h"
#include <ntstrsafe.h>

namespace regmon {

NTSTATUS OpenParametersKey(PCUNICODE_STRING RegistryPath, HANDLE* Key)
{
    *Key = nullptr;

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    kx::KernelHandle service;
    auto status = ZwOpenKey(service.receive(), KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");
    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               service.get(), nullptr);

    HANDLE params = nullptr;
    status = ZwOpenKey(&params, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        *Key = params;
    }
    return status;          // service key closes itself
}

NTSTATUS QueryDword(HANDLE Key, PCWSTR Name, ULONG* Value)
{
    *Value = 0;

    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, Name);

    // header plus one DWORD of data
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG resultLength = 0;

    auto status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                  info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *reinterpret_cast<ULONG*>(info->Data);
    return STATUS_SUCCESS;
}

NTSTATUS QueryString(HANDLE Key, PCWSTR Name, PWCHAR Out, ULONG Chars)
{
    Out[0] = L'\0';

    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, Name);

    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 64 * sizeof(WCHAR)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG resultLength = 0;

    auto status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                  info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_SZ) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    return RtlStringCchCopyNW(Out, Chars, reinterpret_cast<PCWSTR>(info->Data),
                              info->DataLength / sizeof(WCHAR));
}

// Never fails: every value has a default, a missing key just means defaults.
void LoadConfig(PCUNICODE_STRING RegistryPath, Config* Cfg)
{
    Cfg->MaxEntries = 1024;
    Cfg->LogSetValue = 1;
    Cfg->LogDeleteKey = 1;
    RtlStringCchCopyW(Cfg->Altitude, RTL_NUMBER_OF(Cfg->Altitude), L"385201");

    kx::KernelHandle params;
    auto status = OpenParametersKey(RegistryPath, params.receive());
    if (!NT_SUCCESS(status)) {
        KdPrint(("regmon: no Parameters key (0x%08X), using defaults\n", status));
        return;
    }

    ULONG v;
    if (NT_SUCCESS(QueryDword(params.get(), L"MaxEntries", &v)) && v >= 16 && v <= 65536) {
        Cfg->MaxEntries = v;
    }
    if (NT_SUCCESS(QueryDword(params.get(), L"LogSetValue", &v))) {
        Cfg->LogSetValue = v;
    }
    if (NT_SUCCESS(QueryDword(params.get(), L"LogDeleteKey", &v))) {
        Cfg->LogDeleteKey = v;
    }

    WCHAR alt[RTL_NUMBER_OF(Cfg->Altitude)];
    if (NT_SUCCESS(QueryString(params.get(), L"Altitude", alt, RTL_NUMBER_OF(alt))) && alt[0] != L'\0') {
        RtlStringCchCopyW(Cfg->Altitude, RTL_NUMBER_OF(Cfg->Altitude), alt);
    }
}

} // namespace regmon
