/*
 * config.c - blocked extension list
 *
 * HKLM\System\CurrentControlSet\Services\ExtBlock
 *      BlockedExtensions  REG_MULTI_SZ   "exe" "scr" "hta" ...
 * If the value is missing we fall back to the built-in list.
 */
#include "extblock.h"

static const PCWSTR g_DefaultExt[] = { L"exe", L"scr", L"hta", L"js", L"vbs" };

static VOID
CfgUseDefaults(_Out_ PEXT_CONFIG Cfg)
{
    ULONG i;

    Cfg->Raw = NULL;
    Cfg->Count = ARRAYSIZE(g_DefaultExt);
    for (i = 0; i < Cfg->Count; i++) {
        RtlInitUnicodeString(&Cfg->Ext[i], g_DefaultExt[i]);
    }
}

NTSTATUS
CfgLoad(_In_ PUNICODE_STRING RegistryPath, _Out_ PEXT_CONFIG Cfg)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(EXT_VALUE_NAME);
    HANDLE key = NULL;
    ULONG needed = 0;
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    PWCHAR p, end;
    NTSTATUS status;

    RtlZeroMemory(Cfg, sizeof(*Cfg));

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, NULL, 0, &needed);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        EB_DBG("no %wZ value, using defaults", &valueName);
        CfgUseDefaults(Cfg);
        status = STATUS_SUCCESS;
        goto out;
    }
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto out;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePoolZero(NonPagedPoolNx, needed + sizeof(WCHAR), EXT_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto out;
    }
    Cfg->Raw = info;

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info, needed, &needed);
    if (!NT_SUCCESS(status)) {
        goto out;
    }

    if (info->Type != REG_MULTI_SZ) {
        EB_DBG("%wZ has wrong type %lu", &valueName, info->Type);
        status = STATUS_OBJECT_TYPE_MISMATCH;
        goto out;
    }

    /* walk the multi-sz, strings are NUL separated, list ends with an empty one */
    p = (PWCHAR)info->Data;
    end = (PWCHAR)(info->Data + info->DataLength);
    while (p < end && *p != L'\0' && Cfg->Count < EXT_MAX_ENTRIES) {
        PWCHAR s = p;
        while (p < end && *p != L'\0') {
            p++;
        }
        Cfg->Ext[Cfg->Count].Buffer = (*s == L'.') ? s + 1 : s;   /* ".exe" -> "exe" */
        Cfg->Ext[Cfg->Count].Length = (USHORT)((p - Cfg->Ext[Cfg->Count].Buffer) * sizeof(WCHAR));
        Cfg->Ext[Cfg->Count].MaximumLength = Cfg->Ext[Cfg->Count].Length;
        Cfg->Count++;
        p++;
    }

    if (Cfg->Count == 0) {
        EB_DBG("%wZ is empty", &valueName);
        ExFreePoolWithTag(info, EXT_TAG);
        status = STATUS_INVALID_PARAMETER;
        goto out;
    }

    EB_DBG("loaded %lu extensions", Cfg->Count);

out:
    if (key != NULL) {
        ZwClose(key);
    }
    return status;
}

VOID
CfgFree(_Inout_ PEXT_CONFIG Cfg)
{
    if (Cfg->Raw != NULL) {
        ExFreePoolWithTag(Cfg->Raw, EXT_TAG);
        Cfg->Raw = NULL;
    }
    Cfg->Count = 0;
}

BOOLEAN
CfgIsBlocked(_In_ PEXT_CONFIG Cfg, _In_ PCUNICODE_STRING Extension)
{
    ULONG i;

    for (i = 0; i < Cfg->Count; i++) {
        if (RtlEqualUnicodeString(Extension, &Cfg->Ext[i], TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}
