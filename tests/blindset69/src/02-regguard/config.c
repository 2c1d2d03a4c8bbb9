/*
 * config.c - list of protected key paths.
 * Values come from <service key>\Parameters, REG_MULTI_SZ "ProtectedKeys".
 */
#include "regguard.h"

static NTSTATUS
RgAddProtected(PCWSTR Path, USHORT CbLen)
{
    PRG_PROTECTED_KEY entry;

    if (g_Rg.ProtectedCount >= RG_MAX_PROTECTED) {
        return STATUS_QUOTA_EXCEEDED;
    }

    entry = (PRG_PROTECTED_KEY)ExAllocatePool2(POOL_FLAG_PAGED,
                                               sizeof(RG_PROTECTED_KEY) + CbLen, RG_TAG);
    if (entry == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    entry->Path.Buffer = (PWCH)(entry + 1);
    entry->Path.Length = CbLen;
    entry->Path.MaximumLength = CbLen;
    RtlCopyMemory(entry->Path.Buffer, Path, CbLen);

    InsertTailList(&g_Rg.Protected, &entry->Link);
    g_Rg.ProtectedCount++;
    return STATUS_SUCCESS;
}

static NTSTATUS
RgQueryRoutine(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
               ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
    PCWSTR p = (PCWSTR)ValueData;
    UNREFERENCED_PARAMETER(ValueName);
    UNREFERENCED_PARAMETER(ValueLength);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(EntryContext);

    if (ValueType != REG_SZ) {
        return STATUS_SUCCESS;
    }
    /* RTL_QUERY_REGISTRY_NOEXPAND not set: multi-sz is delivered one string at a time */
    return RgAddProtected(p, (USHORT)(wcslen(p) * sizeof(WCHAR)));
}

NTSTATUS
RgLoadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    UNICODE_STRING params;
    NTSTATUS status;
    USHORT cb = g_Rg.ServiceKey.Length + sizeof(L"\\Parameters");

    params.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, cb, RG_TAG);
    if (params.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    params.Length = 0;
    params.MaximumLength = cb;
    RtlAppendUnicodeStringToString(&params, &g_Rg.ServiceKey);
    RtlAppendUnicodeToString(&params, L"\\Parameters");

    RtlZeroMemory(table, sizeof(table));
    table[0].QueryRoutine = RgQueryRoutine;
    table[0].Name = L"ProtectedKeys";
    table[0].Flags = 0;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, params.Buffer, table, NULL, NULL);
    ExFreePoolWithTag(params.Buffer, RG_TAG);

    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        RGLOG("no ProtectedKeys configured\n");
        status = STATUS_SUCCESS;
    }
    return status;
}

VOID
RgFreeConfig(VOID)
{
    while (!IsListEmpty(&g_Rg.Protected)) {
        PLIST_ENTRY le = RemoveHeadList(&g_Rg.Protected);
        ExFreePoolWithTag(CONTAINING_RECORD(le, RG_PROTECTED_KEY, Link), RG_TAG);
    }
    g_Rg.ProtectedCount = 0;
}

BOOLEAN
RgIsProtected(PCUNICODE_STRING KeyPath)
{
    PLIST_ENTRY le;
    BOOLEAN hit = FALSE;

    ExAcquirePushLockShared(&g_Rg.Lock);
    for (le = g_Rg.Protected.Flink; le != &g_Rg.Protected; le = le->Flink) {
        PRG_PROTECTED_KEY k = CONTAINING_RECORD(le, RG_PROTECTED_KEY, Link);
        if (RtlPrefixUnicodeString(&k->Path, KeyPath, TRUE)) {
            hit = TRUE;
            break;
        }
    }
    ExReleasePushLockShared(&g_Rg.Lock);
    return hit;
}
