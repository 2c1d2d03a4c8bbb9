// InstanceKeys.cpp
#include "InstanceKeys.h"

namespace twoalt {

namespace {

// true when WriteInstanceKeys created "Instances" itself (nothing from an INF)
bool g_OwnInstancesKey = false;

NTSTATUS SetString(HANDLE key, PCWSTR name, PCWSTR value)
{
    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, name);
    const ULONG bytes = static_cast<ULONG>((wcslen(value) + 1) * sizeof(WCHAR));
    return ZwSetValueKey(key, &valueName, 0, REG_SZ, const_cast<PWSTR>(value), bytes);
}

NTSTATUS SetDword(HANDLE key, PCWSTR name, ULONG value)
{
    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, name);
    return ZwSetValueKey(key, &valueName, 0, REG_DWORD, &value, sizeof(value));
}

NTSTATUS CreateSubkey(HANDLE parent, PCWSTR name, HANDLE* out, ULONG* disposition)
{
    UNICODE_STRING keyName;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&keyName, name);
    InitializeObjectAttributes(&oa, &keyName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, parent, nullptr);
    return ZwCreateKey(out, KEY_ALL_ACCESS, &oa, 0, nullptr, REG_OPTION_VOLATILE, disposition);
}

NTSTATUS OpenSubkey(HANDLE parent, PCWSTR name, ACCESS_MASK access, HANDLE* out)
{
    UNICODE_STRING keyName;
    OBJECT_ATTRIBUTES oa;
    RtlInitUnicodeString(&keyName, name);
    InitializeObjectAttributes(&oa, &keyName, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, parent, nullptr);
    return ZwOpenKey(out, access, &oa);
}

NTSTATUS OpenService(PCUNICODE_STRING serviceKey, HANDLE* out)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(serviceKey),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    return ZwOpenKey(out, KEY_ALL_ACCESS, &oa);
}

} // namespace

NTSTATUS WriteInstanceKeys(PCUNICODE_STRING serviceKey)
{
    KeyHandle service;
    NTSTATUS status = OpenService(serviceKey, &service);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    KeyHandle instances;
    ULONG disposition = 0;
    status = CreateSubkey(service.Get(), L"Instances", &instances, &disposition);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_OwnInstancesKey = (disposition == REG_CREATED_NEW_KEY);

    status = SetString(instances.Get(), L"DefaultInstance", kDefaultInstance);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (const auto& def : kInstances) {
        KeyHandle instance;
        ULONG ignored = 0;
        status = CreateSubkey(instances.Get(), def.Name, &instance, &ignored);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        status = SetString(instance.Get(), L"Altitude", def.Altitude);
        if (NT_SUCCESS(status)) {
            status = SetDword(instance.Get(), L"Flags", 0);
        }
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }
    return STATUS_SUCCESS;
}

void RemoveInstanceKeys(PCUNICODE_STRING serviceKey)
{
    if (!g_OwnInstancesKey) {
        return;                 // somebody else's keys, leave them
    }

    KeyHandle service;
    if (!NT_SUCCESS(OpenService(serviceKey, &service))) {
        return;
    }

    KeyHandle instances;
    if (!NT_SUCCESS(OpenSubkey(service.Get(), L"Instances", KEY_ALL_ACCESS, &instances))) {
        return;
    }

    for (const auto& def : kInstances) {
        KeyHandle instance;
        if (NT_SUCCESS(OpenSubkey(instances.Get(), def.Name, DELETE, &instance))) {
            ZwDeleteKey(instance.Get());
        }
    }
    ZwDeleteKey(instances.Get());
    g_OwnInstancesKey = false;
}

} // namespace twoalt
