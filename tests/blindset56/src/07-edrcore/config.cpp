#include "edr.h"

//
// Settings live directly under the service key:
//   Flags, ReportProcesses, ReportDeletes (REG_DWORD), SendTimeoutMs (REG_DWORD, ms)
//

namespace edr {

namespace cfg {

static Config* s_Config = nullptr;

static ULONG ReadDword(HANDLE Key, PCWSTR Name, ULONG Default)
{
    UNICODE_STRING valueName;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    ULONG resultLength = 0;
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);

    RtlInitUnicodeString(&valueName, Name);
    NTSTATUS status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                      info, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return Default;
    }
    return *reinterpret_cast<PULONG>(info->Data);
}

NTSTATUS Load(_In_ PUNICODE_STRING RegistryPath)
{
    s_Config = static_cast<Config*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(Config), EDR_TAG_CONFIG));
    if (!s_Config) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // defaults
    s_Config->ReportProcesses = TRUE;
    s_Config->ReportDeletes   = TRUE;
    s_Config->SendTimeoutMs   = 50;

    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        s_Config->Flags           = ReadDword(key, L"Flags", 0);
        s_Config->ReportProcesses = ReadDword(key, L"ReportProcesses", 1) != 0;
        s_Config->ReportDeletes   = ReadDword(key, L"ReportDeletes", 1) != 0;
        s_Config->SendTimeoutMs   = ReadDword(key, L"SendTimeoutMs", 50);
        ZwClose(key);
    }

    return STATUS_SUCCESS;
}

void Free()
{
    if (s_Config) {
        ExFreePoolWithTag(s_Config, EDR_TAG_EVENT);
        s_Config = nullptr;
    }
}

const Config& Get()
{
    return *s_Config;
}

} // namespace cfg

} // namespace edr
