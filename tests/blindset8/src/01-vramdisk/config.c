/*
 * config.c - registry parameters for vramdisk.
 *
 * Everything here is optional: a missing Parameters key just means the
 * defaults are used.  DriverEntry treats a failure as informational.
 */
#include "vramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VrdConfigSetDefaults)
#pragma alloc_text(INIT, VrdConfigLoad)
#endif

VOID
VrdConfigSetDefaults(
    _Out_ PVRD_GLOBAL_CONFIG Config
    )
{
    RtlZeroMemory(Config, sizeof(*Config));
    Config->DiskSizeMb    = VRD_DEFAULT_SIZE_MB;
    Config->NumberOfDisks = 1;
    Config->ReadOnly      = FALSE;
    Config->VerboseLog    = FALSE;
    Config->FromRegistry  = FALSE;
}

static ULONG
VrdClamp(
    _In_ ULONG Value,
    _In_ ULONG Low,
    _In_ ULONG High
    )
{
    if (Value < Low) {
        return Low;
    }
    if (Value > High) {
        return High;
    }
    return Value;
}

NTSTATUS
VrdConfigLoad(
    _In_    PUNICODE_STRING    RegistryPath,
    _Inout_ PVRD_GLOBAL_CONFIG Config
    )
{
    RTL_QUERY_REGISTRY_TABLE table[5];
    ULONG sizeMb   = Config->DiskSizeMb;
    ULONG disks    = Config->NumberOfDisks;
    ULONG readOnly = Config->ReadOnly;
    ULONG verbose  = Config->VerboseLog;
    WCHAR path[256];
    NTSTATUS status;

    /* <service key>\Parameters, NUL terminated for RtlQueryRegistryValues */
    status = RtlStringCbPrintfW(path, sizeof(path), L"%wZ\\Parameters", RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"DiskSizeMB";
    table[0].EntryContext  = &sizeMb;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"NumberOfDisks";
    table[1].EntryContext  = &disks;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name          = L"ReadOnly";
    table[2].EntryContext  = &readOnly;
    table[2].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[3].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[3].Name          = L"Verbose";
    table[3].EntryContext  = &verbose;
    table[3].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    /* table[4] stays zeroed: terminator */

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Config->DiskSizeMb    = VrdClamp(sizeMb, 1, VRD_MAX_SIZE_MB);
    Config->NumberOfDisks = VrdClamp(disks, 1, VRD_MAX_TARGETS);
    Config->ReadOnly      = (readOnly != 0);
    Config->VerboseLog    = (verbose != 0);
    Config->FromRegistry  = TRUE;

    return STATUS_SUCCESS;
}
