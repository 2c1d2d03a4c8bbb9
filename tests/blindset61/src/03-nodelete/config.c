/*
 * config.c - extension list and service key settings
 */
#include "nodelete.h"

static const PCWSTR s_Defaults[] = { L"kdbx", L"wallet", L"pem" };

NTSTATUS
NdAddExtension(_In_reads_bytes_(Length) PCWSTR Ext, _In_ USHORT Length)
{
    NTSTATUS status = STATUS_SUCCESS;
    PND_EXTENSION slot;

    if (Length == 0 || Length > (ND_EXT_CCH - 1) * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }

    ExAcquireFastMutex(&g_Nd.ConfigLock);
    if (g_Nd.Config != NULL) {
        if (g_Nd.Config->Count < ND_MAX_EXT) {
            slot = &g_Nd.Config->Ext[g_Nd.Config->Count];
            RtlZeroMemory(slot, sizeof(*slot));
            RtlCopyMemory(slot->Buffer, Ext, Length);
            slot->Length = Length;
            g_Nd.Config->Count++;
        } else {
            status = STATUS_QUOTA_EXCEEDED;
        }
    } else {
        status = STATUS_DEVICE_NOT_READY;
    }
    ExReleaseFastMutex(&g_Nd.ConfigLock);

    return status;
}

NTSTATUS
NdLoadConfig(_In_ PUNICODE_STRING RegistryPath)
{
    ULONG i;

    ExInitializeFastMutex(&g_Nd.ConfigLock);

    /* remember where our settings live, InstanceSetup re-reads them per volume */
    g_Nd.ServiceKey = *RegistryPath;

    g_Nd.Config = (PND_CONFIG)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(ND_CONFIG), ND_TAG);
    if (g_Nd.Config == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(g_Nd.Config, sizeof(ND_CONFIG));

    for (i = 0; i < RTL_NUMBER_OF(s_Defaults); i++) {
        NdAddExtension(s_Defaults[i], (USHORT)(wcslen(s_Defaults[i]) * sizeof(WCHAR)));
    }

    ND_DBG("config loaded, %lu extensions", g_Nd.Config->Count);
    return STATUS_SUCCESS;
}

VOID
NdFreeConfig(VOID)
{
    PND_CONFIG cfg;

    ExAcquireFastMutex(&g_Nd.ConfigLock);
    cfg = g_Nd.Config;
    g_Nd.Config = NULL;
    ExReleaseFastMutex(&g_Nd.ConfigLock);

    if (cfg != NULL) {
        ExFreePoolWithTag(cfg, ND_TAG);
    }
}

BOOLEAN
NdIsProtected(_In_ PCUNICODE_STRING Extension)
{
    BOOLEAN hit = FALSE;
    UNICODE_STRING cur;
    ULONG i;

    ExAcquireFastMutex(&g_Nd.ConfigLock);
    if (g_Nd.Config != NULL) {
        for (i = 0; i < g_Nd.Config->Count && !hit; i++) {
            cur.Buffer = g_Nd.Config->Ext[i].Buffer;
            cur.Length = g_Nd.Config->Ext[i].Length;
            cur.MaximumLength = sizeof(g_Nd.Config->Ext[i].Buffer);
            if (RtlEqualUnicodeString(&cur, Extension, TRUE)) {
                hit = TRUE;
            }
        }
    }
    ExReleaseFastMutex(&g_Nd.ConfigLock);

    return hit;
}

BOOLEAN
NdReadServiceFlag(_In_ PCWSTR ValueName, _In_ BOOLEAN Default)
{
    NTSTATUS status;
    HANDLE key = NULL;
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING name;
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    BOOLEAN value = Default;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, &g_Nd.ServiceKey, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (NT_SUCCESS(status)) {
        RtlInitUnicodeString(&name, ValueName);
        status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, info, sizeof(buffer), &resultLength);
        if (NT_SUCCESS(status)) {
            if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
                value = (*(PULONG)info->Data) != 0;
            }
        }
        ZwClose(key);
    }

    return value;
}
