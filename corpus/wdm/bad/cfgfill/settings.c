/*
 * settings.c - fills a query table, one helper call per value, and lets
 * RtlQueryRegistryValues write each value where its EntryContext points:
 * into the caller's settings block, zeroed first so a missing value reads 0.
 */

#include "settings.h"

MON_SETTINGS g_Settings;

static VOID
MonFillEntry(
    _Out_ PRTL_QUERY_REGISTRY_TABLE Entry,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    Entry->Flags = RTL_QUERY_REGISTRY_DIRECT;
    Entry->Name = (PWSTR)Name;
    Entry->EntryContext = Value;
    Entry->DefaultType = REG_NONE;
}

NTSTATUS
MonLoadSettings(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PMON_SETTINGS Settings
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];

    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(Settings, sizeof(*Settings));
    MonFillEntry(&table[0], L"Monitor", &Settings->Monitor);
    MonFillEntry(&table[1], L"Verbose", &Settings->Verbose);
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                  RegistryPath->Buffer, table, NULL, NULL);
}
