// config.cpp - Parameters\SignalDelayMs
#include "evtsig.h"

namespace evtsig {
namespace Config {

// Opens <service>\Parameters and reads SignalDelayMs (REG_DWORD).
// Missing key / value is not an error, caller keeps its default.
NTSTATUS ReadDelay(PCUNICODE_STRING serviceKey, PULONG delayMs)
{
    NTSTATUS          status;
    OBJECT_ATTRIBUTES oa;
    HANDLE            svc   = nullptr;
    HANDLE            parms = nullptr;
    UNICODE_STRING    sub   = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING    val   = RTL_CONSTANT_STRING(L"SignalDelayMs");
    ULONG             got   = 0;

    // KEY_VALUE_PARTIAL_INFORMATION + one DWORD
    DECLSPEC_ALIGN(8) UCHAR raw[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG)];
    auto  info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(serviceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    status = ZwOpenKey(&svc, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, svc, nullptr);
    status = ZwOpenKey(&parms, KEY_READ, &oa);
    ZwClose(svc);
    if (!NT_SUCCESS(status)) {
        return STATUS_SUCCESS;
    }

    status = ZwQueryValueKey(parms, &val, KeyValuePartialInformation, info, sizeof(raw), &got);
    ZwClose(parms);

    if (NT_SUCCESS(status) && info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        ULONG v = *reinterpret_cast<ULONG UNALIGNED*>(info->Data);
        *delayMs = (v > EVTSIG_MAX_DELAY_MS) ? EVTSIG_MAX_DELAY_MS : v;
    }
    return STATUS_SUCCESS;
}

} // namespace Config
} // namespace evtsig
