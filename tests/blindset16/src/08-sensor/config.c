//
// config.c -- sensor settings from the service key.
//
//   QueueDepth        REG_DWORD     default 4096
//   ThreadMonitor     REG_DWORD     default 1
//   RegistryMonitor   REG_DWORD     default 1
//   ProtectAgent      REG_DWORD     default 1
//   ProtectedImages   REG_MULTI_SZ  image names whose processes are shielded
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, SnConfigLoad)
#pragma alloc_text(PAGE, SnConfigFree)
#endif

static NTSTATUS
SnQueryMultiSz(
    _In_ PUNICODE_STRING RegistryPath,
    _In_ PCWSTR Name,
    _Outptr_result_maybenull_ PWCHAR *Buffer,
    _Out_ PULONG Length
    )
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName;
    HANDLE key;
    NTSTATUS status;
    ULONG needed = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;

    *Buffer = NULL;
    *Length = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto Exit;
    }

    info = ExAllocatePoolZero(PagedPool, needed, SN_CONFIG_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, needed, &needed);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    if (info->Type != REG_MULTI_SZ) {
        status = STATUS_OBJECT_TYPE_MISMATCH;
        goto Exit;
    }

    *Buffer = ExAllocatePoolZero(NonPagedPoolNx, info->DataLength + 2 * sizeof(WCHAR), SN_CONFIG_TAG);
    if (*Buffer == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }
    RtlCopyMemory(*Buffer, info->Data, info->DataLength);
    *Length = info->DataLength;

Exit:
    if (info != NULL) {
        ExFreePoolWithTag(info, SN_CONFIG_TAG);
    }
    ZwClose(key);
    return status;
}

NTSTATUS
SnConfigLoad(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PSN_CONFIG Config
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    ULONG depth = SN_DEFAULT_QUEUE_DEPTH, threads = 1, registry = 1, protect = 1;
    NTSTATUS status;
    PWCHAR cursor;
    ULONG length;

    RtlZeroMemory(Config, sizeof(*Config));

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name = L"QueueDepth";
    table[0].EntryContext = &depth;
    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[1].Name = L"ThreadMonitor";
    table[1].EntryContext = &threads;
    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[2].Name = L"RegistryMonitor";
    table[2].EntryContext = &registry;
    table[3].Flags = RTL_QUERY_REGISTRY_DIRECT;
    table[3].Name = L"ProtectAgent";
    table[3].EntryContext = &protect;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Config->QueueDepth = (depth >= 64 && depth <= 65536) ? depth : SN_DEFAULT_QUEUE_DEPTH;
    Config->ThreadMonitor = (BOOLEAN)(threads != 0);
    Config->RegistryMonitor = (BOOLEAN)(registry != 0);
    Config->ProtectAgent = (BOOLEAN)(protect != 0);

    if (!Config->ProtectAgent) {
        return STATUS_SUCCESS;
    }

    status = SnQueryMultiSz(RegistryPath, L"ProtectedImages", &Config->ProtectedBuffer, &length);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        Config->ProtectAgent = FALSE;
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (cursor = Config->ProtectedBuffer;
         *cursor != L'\0' && Config->ProtectedCount < SN_MAX_PROTECTED;
         cursor += wcslen(cursor) + 1) {
        RtlInitUnicodeString(&Config->Protected[Config->ProtectedCount++], cursor);
    }

    return STATUS_SUCCESS;
}

VOID
SnConfigFree(
    _Inout_ PSN_CONFIG Config
    )
{
    PAGED_CODE();

    if (Config->ProtectedBuffer != NULL) {
        ExFreePoolWithTag(Config->ProtectedBuffer, SN_CONFIG_TAG);
        Config->ProtectedBuffer = NULL;
    }
    Config->ProtectedCount = 0;
}

BOOLEAN
SnConfigIsProtectedImage(
    _In_ PCUNICODE_STRING ImageName
    )
{
    UNICODE_STRING tail;
    ULONG i;

    for (i = 0; i < g_Sn.Config.ProtectedCount; i++) {
        PCUNICODE_STRING name = &g_Sn.Config.Protected[i];
        if (ImageName->Length < name->Length) {
            continue;
        }
        tail.Buffer = (PWCH)((PUCHAR)ImageName->Buffer + ImageName->Length - name->Length);
        tail.Length = tail.MaximumLength = name->Length;
        if (RtlEqualUnicodeString(&tail, name, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}
