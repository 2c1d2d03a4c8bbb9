//
// Config.cpp - reads HKLM\System\CurrentControlSet\Services\obguard\StripMask
//
#include "ObGuard.h"

namespace obg {

NTSTATUS LoadConfig(PCUNICODE_STRING ServiceKey, PULONG StripMask)
{
    *StripMask = OBG_DEFAULT_STRIP;

    HANDLE key = nullptr;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(ServiceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("ZwOpenKey(%wZ) failed 0x%08X, using defaults", ServiceKey, status);
        return STATUS_SUCCESS;
    }

    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"StripMask");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)] = {};
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG resultLen = 0;

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             info, sizeof(buffer), &resultLen);
    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        *StripMask = *reinterpret_cast<PULONG>(info->Data);
        DBG_PRINT("StripMask from registry: 0x%08X", *StripMask);
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}

} // namespace obg
