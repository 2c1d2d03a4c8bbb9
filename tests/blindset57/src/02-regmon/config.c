/*
 * config.c - reads the tunables from the service key
 *
 *   HKLM\System\CurrentControlSet\Services\regmon
 *       LogMask       REG_DWORD
 *       BlockRunKeys  REG_DWORD
 */
#include "regmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RmLoadConfig)
#endif

static NTSTATUS
RmQueryDword(HANDLE Key, PCWSTR Name, PULONG Value)
{
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    UNICODE_STRING valueName;
    ULONG resultLength = 0;
    NTSTATUS status;

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                             kv, sizeof(buffer), &resultLength);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (kv->Type != REG_DWORD || kv->DataLength != sizeof(ULONG)) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    *Value = *(UNALIGNED ULONG *)kv->Data;
    return STATUS_SUCCESS;
}

NTSTATUS
RmLoadConfig(_In_ PCUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = NULL;
    ULONG value;
    NTSTATUS status;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, (PUNICODE_STRING)RegistryPath,
                               OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);

    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        DbgPrint("regmon: cannot open %wZ (0x%08X)\n", RegistryPath, status);
        return status;
    }

    if (NT_SUCCESS(RmQueryDword(key, L"LogMask", &value))) {
        g_Rm.LogMask = value & RM_LOG_ALL;
    }
    if (NT_SUCCESS(RmQueryDword(key, L"BlockRunKeys", &value))) {
        g_Rm.BlockRunKeys = (value != 0);
    }

    ZwClose(key);

    DbgPrint("regmon: config LogMask=%lx BlockRunKeys=%lu\n", g_Rm.LogMask, g_Rm.BlockRunKeys);
    return STATUS_SUCCESS;
}
