//
// config.cpp - registry parameters
//
#include "fetch.h"

namespace fetch {

static NTSTATUS ReadDword(HANDLE key, PCWSTR name, ULONG* value)
{
    UNICODE_STRING vn;
    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
    ULONG len = 0;

    RtlInitUnicodeString(&vn, name);
    NTSTATUS status = ZwQueryValueKey(key, &vn, KeyValuePartialInformation, info, sizeof(raw), &len);
    if (NT_SUCCESS(status)) {
        if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
            return STATUS_OBJECT_TYPE_MISMATCH;
        }
        *value = *reinterpret_cast<ULONG*>(info->Data);
    }
    return status;
}

NTSTATUS Config::Load(PCUNICODE_STRING ServiceKey)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE svc = nullptr, params = nullptr;
    UNICODE_STRING sub = RTL_CONSTANT_STRING(L"Parameters");

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(ServiceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&svc, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InitializeObjectAttributes(&oa, &sub, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, svc, nullptr);
    status = ZwOpenKey(&params, KEY_READ, &oa);
    ZwClose(svc);
    if (!NT_SUCCESS(status)) {
        return status;      // no Parameters key, defaults stay
    }

    ULONG v;
    if (NT_SUCCESS(ReadDword(params, L"ServerIp", &v))) {
        ServerIp = v;
    }
    if (NT_SUCCESS(ReadDword(params, L"ServerPort", &v)) && v != 0 && v < 0x10000) {
        ServerPort = static_cast<USHORT>(v);
    }
    ZwClose(params);
    return STATUS_SUCCESS;
}

} // namespace fetch
