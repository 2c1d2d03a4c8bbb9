/*
 * params.c - registry helpers
 */
#include "ramdsk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, RdReadParameters)
#pragma alloc_text(PAGE, RdSaveStats)
#endif

NTSTATUS
RdReadParameters(
    _In_    PCUNICODE_STRING RegistryPath,
    _Inout_ PULONG           DiskSize,
    _Inout_ PULONG           PersistStats
    )
{
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG    defSize    = *DiskSize;
    ULONG    defPersist = *PersistStats;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));

    /* step into <service>\Parameters */
    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = L"Parameters";

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"DiskSize";
    table[1].EntryContext  = DiskSize;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defSize;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name          = L"PersistStats";
    table[2].EntryContext  = PersistStats;
    table[2].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData   = &defPersist;
    table[2].DefaultLength = sizeof(ULONG);

    /* table[3] is the terminator */

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        *DiskSize     = defSize;
        *PersistStats = defPersist;
    }
    return status;
}

VOID
RdSaveStats(
    _In_ PCUNICODE_STRING RegistryPath,
    _In_ ULONG            Reads,
    _In_ ULONG            Writes
    )
{
    NTSTATUS status;

    PAGED_CODE();

    if (RegistryPath->Buffer == NULL || RegistryPath->Length == 0) {
        return;
    }

    status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                   L"LastReads", REG_DWORD, &Reads, sizeof(Reads));
    if (NT_SUCCESS(status)) {
        status = RtlWriteRegistryValue(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                       L"LastWrites", REG_DWORD, &Writes, sizeof(Writes));
    }
    if (!NT_SUCCESS(status)) {
        RD_ERR("could not save counters 0x%08X", status);
    }
}
