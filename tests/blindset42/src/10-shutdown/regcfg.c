/*
 * regcfg.c - registry helpers for lastgasp
 */
#include "shutdn.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, LgCopyServiceKey)
#pragma alloc_text(INIT, LgReadConfig)
#pragma alloc_text(PAGE, LgWriteShutdownRecord)
#pragma alloc_text(PAGE, LgFreeConfig)
#endif

static ULONG g_DefZero = 0;
static WCHAR g_DefLabel[] = LG_DEFAULT_LABEL;

NTSTATUS
LgCopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    USHORT cb = RegistryPath->Length + sizeof(WCHAR);

    g_Lg.ServiceKey.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, cb, LG_TAG);
    if (g_Lg.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Lg.ServiceKey.Length = 0;
    g_Lg.ServiceKey.MaximumLength = cb;
    RtlCopyUnicodeString(&g_Lg.ServiceKey, RegistryPath);   /* NUL terminates, we left room */

    g_Lg.Done |= LG_DONE_KEYCOPY;
    return STATUS_SUCCESS;
}

NTSTATUS
LgReadConfig(VOID)
{
    RTL_QUERY_REGISTRY_TABLE qt[4];
    NTSTATUS st;

    RtlZeroMemory(qt, sizeof(qt));
    RtlZeroMemory(&g_Lg.Label, sizeof(g_Lg.Label));

    qt[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name = LG_VALUE_VERBOSE;
    qt[0].EntryContext = &g_Lg.Verbose;
    qt[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[0].DefaultData = &g_DefZero;
    qt[0].DefaultLength = sizeof(ULONG);

    qt[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[1].Name = LG_VALUE_COUNT;
    qt[1].EntryContext = &g_Lg.ShutdownCount;
    qt[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    qt[1].DefaultData = &g_DefZero;
    qt[1].DefaultLength = sizeof(ULONG);

    qt[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[2].Name = LG_VALUE_LABEL;
    qt[2].EntryContext = &g_Lg.Label;
    qt[2].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_SZ;
    qt[2].DefaultData = g_DefLabel;
    qt[2].DefaultLength = sizeof(g_DefLabel);

    /* qt[3] stays zeroed: end of table */

    st = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, g_Lg.ServiceKey.Buffer, qt, NULL, NULL);
    if (!NT_SUCCESS(st)) {
        if (g_Lg.Label.Buffer != NULL) {
            RtlFreeUnicodeString(&g_Lg.Label);
        }
        return st;
    }

    g_Lg.Done |= LG_DONE_CONFIG;
    return STATUS_SUCCESS;
}

NTSTATUS
LgWriteShutdownRecord(VOID)
{
    NTSTATUS st;
    LARGE_INTEGER now;
    ULONG count;

    PAGED_CODE();

    count = ++g_Lg.ShutdownCount;
    st = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Lg.ServiceKey.Buffer,
                               LG_VALUE_COUNT, REG_DWORD, &count, sizeof(count));
    if (!NT_SUCCESS(st)) {
        return st;
    }

    KeQuerySystemTime(&now);
    return RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, g_Lg.ServiceKey.Buffer,
                                 LG_VALUE_LAST, REG_QWORD, &now, sizeof(now));
}

VOID
LgFreeConfig(VOID)
{
    PAGED_CODE();

    if (g_Lg.Done & LG_DONE_CONFIG) {
        RtlFreeUnicodeString(&g_Lg.Label);
        g_Lg.Done &= ~LG_DONE_CONFIG;
    }
    if (g_Lg.Done & LG_DONE_KEYCOPY) {
        ExFreePoolWithTag(g_Lg.ServiceKey.Buffer, LG_TAG);
        RtlZeroMemory(&g_Lg.ServiceKey, sizeof(g_Lg.ServiceKey));
        g_Lg.Done &= ~LG_DONE_KEYCOPY;
    }
}
