//
// config.cpp - tiny registry helpers (service key, values directly under it)
//
#include "beacon.h"

namespace beacon {

namespace {

NTSTATUS OpenServiceKey(PCUNICODE_STRING regPath, ACCESS_MASK access, PHANDLE key)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa,
                               const_cast<PUNICODE_STRING>(regPath),
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr,
                               nullptr);
    return ZwOpenKey(key, access, &oa);
}

NTSTATUS QueryDword(HANDLE key, PCWSTR name, PULONG value)
{
    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, name);

    UCHAR raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(raw);
    ULONG got = 0;

    NTSTATUS status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                      info, sizeof(raw), &got);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *value = *reinterpret_cast<PULONG>(info->Data);
    return STATUS_SUCCESS;
}

} // anonymous namespace

NTSTATUS LoadConfig(PCUNICODE_STRING regPath, Config* cfg)
{
    cfg->Port       = BEACON_DEFAULT_PORT;
    cfg->TargetAddr = RtlUlongByteSwap(0x7F000001);   // 127.0.0.1
    cfg->Flags      = 0;

    HANDLE key = nullptr;
    NTSTATUS status = OpenServiceKey(regPath, KEY_READ, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ULONG v = 0;
    if (NT_SUCCESS(QueryDword(key, L"BeaconPort", &v)) && v != 0 && v < 0x10000) {
        cfg->Port = static_cast<USHORT>(v);
    }
    if (NT_SUCCESS(QueryDword(key, L"BeaconTarget", &v))) {
        cfg->TargetAddr = v;
    }
    if (NT_SUCCESS(QueryDword(key, L"BeaconFlags", &v))) {
        cfg->Flags = v;
    }

    ZwClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS SaveCounters(PCUNICODE_STRING regPath, ULONG sent)
{
    HANDLE key = nullptr;
    NTSTATUS status = OpenServiceKey(regPath, KEY_SET_VALUE, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UNICODE_STRING name = RTL_CONSTANT_STRING(L"BeaconsSent");
    status = ZwSetValueKey(key, &name, 0, REG_DWORD, &sent, sizeof(sent));
    ZwClose(key);
    return status;
}

} // namespace beacon
