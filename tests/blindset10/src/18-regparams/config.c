/*
 * config.c - Parameters key via RtlQueryRegistryValues
 */
#include "rparams.h"

VOID
RpSetDefaults(PRP_CONFIG Config)
{
    Config->EnableProcessLog = 1;
    Config->EnableImageLog = 0;
    Config->Verbose = 0;
}

NTSTATUS
RpReadConfig(PCUNICODE_STRING RegistryPath, PRP_CONFIG Config)
{
    static const WCHAR suffix[] = L"\\Parameters";
    RTL_QUERY_REGISTRY_TABLE table[4];
    UNICODE_STRING path;
    ULONG defProcess = Config->EnableProcessLog;
    ULONG defImage = Config->EnableImageLog;
    ULONG defVerbose = Config->Verbose;
    NTSTATUS status;

    /* "<service key>\Parameters", NUL terminated for the Rtl routine */
    path.Length = 0;
    path.MaximumLength = RegistryPath->Length + sizeof(suffix);
    path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, path.MaximumLength, RP_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&path, RegistryPath);
    status = RtlAppendUnicodeToString(&path, suffix);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(path.Buffer, RP_TAG);
        return status;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"EnableProcessLog";
    table[0].EntryContext = &Config->EnableProcessLog;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defProcess;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"EnableImageLog";
    table[1].EntryContext = &Config->EnableImageLog;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defImage;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"Verbose";
    table[2].EntryContext = &Config->Verbose;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData = &defVerbose;
    table[2].DefaultLength = sizeof(ULONG);

    /* table[3] stays zeroed: terminator */

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.Buffer, table, NULL, NULL);

    ExFreePoolWithTag(path.Buffer, RP_TAG);
    return status;
}
