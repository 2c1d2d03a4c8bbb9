/*
 * config.c - protected-key rule list and its persistence
 */
#include "regguard.h"

#define RG_VALUE_NAME   L"ProtectedKeys"

NTSTATUS
RgAddRule(_In_ PCUNICODE_STRING KeyPath)
{
    PRG_RULE rule;
    SIZE_T size;
    NTSTATUS status = STATUS_SUCCESS;

    if (KeyPath->Length == 0 || KeyPath->Length > RG_MAX_PATH * sizeof(WCHAR)) {
        return STATUS_INVALID_PARAMETER;
    }

    size = FIELD_OFFSET(RG_RULE, Buffer) + KeyPath->Length;
    rule = (PRG_RULE)ExAllocatePool2(POOL_FLAG_PAGED, size, RG_TAG);
    if (rule == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(rule->Buffer, KeyPath->Buffer, KeyPath->Length);
    rule->KeyPath.Buffer = rule->Buffer;
    rule->KeyPath.Length = KeyPath->Length;
    rule->KeyPath.MaximumLength = KeyPath->Length;

    ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.RulesLock);
    if (g_Rg.RuleCount >= RG_MAX_RULES) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        InsertTailList(&g_Rg.Rules, &rule->Link);
        g_Rg.RuleCount++;
    }
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);

    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(rule, RG_TAG);
    }
    return status;
}

/* caller holds RulesLock exclusive */
VOID
RgFreeRulesLocked(VOID)
{
    while (!IsListEmpty(&g_Rg.Rules)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Rg.Rules);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, RG_RULE, Link), RG_TAG);
    }
    g_Rg.RuleCount = 0;
}

BOOLEAN
RgIsProtected(_In_ PCUNICODE_STRING KeyName)
{
    BOOLEAN hit = FALSE;
    PLIST_ENTRY entry;

    ExEnterCriticalRegionAndAcquireResourceShared(&g_Rg.RulesLock);
    for (entry = g_Rg.Rules.Flink; entry != &g_Rg.Rules; entry = entry->Flink) {
        PRG_RULE rule = CONTAINING_RECORD(entry, RG_RULE, Link);
        if (RtlPrefixUnicodeString(&rule->KeyPath, KeyName, TRUE)) {
            hit = TRUE;
            break;
        }
    }
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);

    return hit;
}

/* Reads Parameters\ProtectedKeys (REG_MULTI_SZ) and adds every entry. */
NTSTATUS
RgLoadRules(VOID)
{
    UNICODE_STRING paramsName = RTL_CONSTANT_STRING(L"Parameters");
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(RG_VALUE_NAME);
    PKEY_VALUE_PARTIAL_INFORMATION info = NULL;
    HANDLE serviceKey = NULL;
    HANDLE paramsKey = NULL;
    OBJECT_ATTRIBUTES oa;
    ULONG length = 0;
    NTSTATUS status;
    PWCHAR p, end;

    PAGED_CODE();

    InitializeObjectAttributes(&oa, &g_Rg.ServiceKey,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&serviceKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    InitializeObjectAttributes(&oa, &paramsName,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, serviceKey, NULL);
    status = ZwOpenKey(&paramsKey, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, NULL, 0, &length);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        goto Exit;
    }

    info = (PKEY_VALUE_PARTIAL_INFORMATION)ExAllocatePool2(POOL_FLAG_PAGED, length, RG_TAG);
    if (info == NULL) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Exit;
    }

    status = ZwQueryValueKey(paramsKey, &valueName, KeyValuePartialInformation, info, length, &length);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    if (info->Type != REG_MULTI_SZ) {
        status = STATUS_OBJECT_TYPE_MISMATCH;
        goto Exit;
    }

    p = (PWCHAR)info->Data;
    end = (PWCHAR)(info->Data + info->DataLength);
    while (p < end && *p != UNICODE_NULL) {
        UNICODE_STRING entry;
        SIZE_T chars = 0;

        while (p + chars < end && p[chars] != UNICODE_NULL) {
            chars++;
        }
        entry.Buffer = p;
        entry.Length = entry.MaximumLength = (USHORT)(chars * sizeof(WCHAR));

        if (!NT_SUCCESS(RgAddRule(&entry))) {
            RG_LOG("skipping rule %wZ", &entry);
        }
        p += chars + 1;
    }
    status = STATUS_SUCCESS;

Exit:
    if (info != NULL) {
        ExFreePoolWithTag(info, RG_TAG);
    }
    if (paramsKey != NULL) {
        ZwClose(paramsKey);
    }
    if (serviceKey != NULL) {
        ZwClose(serviceKey);
    }
    return status;
}

NTSTATUS
RgConfigInit(_In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    g_Rg.ServiceKey = *RegistryPath;

    ExInitializeResourceLite(&g_Rg.RulesLock);
    InitializeListHead(&g_Rg.Rules);
    g_Rg.RuleCount = 0;

    status = RgLoadRules();
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        /* no Parameters key / no value yet: start with an empty list */
        status = STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        RgConfigCleanup();
    }
    return status;
}

VOID
RgConfigCleanup(VOID)
{
    ExEnterCriticalRegionAndAcquireResourceExclusive(&g_Rg.RulesLock);
    RgFreeRulesLocked();
    ExReleaseResourceAndLeaveCriticalRegion(&g_Rg.RulesLock);

    ExDeleteResourceLite(&g_Rg.RulesLock);
}
