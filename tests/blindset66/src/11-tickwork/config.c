//
// config.c - registry path copy and Parameters values
//
#include "tickwork.h"

NTSTATUS
TwCopyRegistryPath(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Dest
    )
{
    USHORT bytes = Source->Length + sizeof(WCHAR);

    Dest->Length = 0;
    Dest->MaximumLength = 0;
    Dest->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, bytes, TW_TAG);
    if (Dest->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Dest->MaximumLength = bytes;
    RtlCopyUnicodeString(Dest, Source);
    Dest->Buffer[Dest->Length / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

VOID
TwFreeRegistryPath(
    _Inout_ PUNICODE_STRING Path
    )
{
    if (Path->Buffer != NULL) {
        ExFreePoolWithTag(Path->Buffer, TW_TAG);
        Path->Buffer = NULL;
    }
    Path->Length = Path->MaximumLength = 0;
}

NTSTATUS
TwReadConfig(
    _In_ PCUNICODE_STRING RegPath,
    _Out_ PTW_CONFIG Config
    )
{
    NTSTATUS status;
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG defInterval = TW_DEFAULT_INTERVAL_MS;
    ULONG defVerbose  = TW_DEFAULT_VERBOSE;
    TW_CONFIG tmp;

    PAGED_CODE();

    tmp.IntervalMs = defInterval;
    tmp.Verbose    = defVerbose;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = L"Parameters";

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"IntervalMs";
    table[1].EntryContext  = &tmp.IntervalMs;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defInterval;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name          = L"Verbose";
    table[2].EntryContext  = &tmp.Verbose;
    table[2].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData   = &defVerbose;
    table[2].DefaultLength = sizeof(ULONG);

    // table[3] stays zeroed: terminator

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegPath->Buffer, table, NULL, NULL);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        // no Parameters subkey at all
        tmp.IntervalMs = defInterval;
        tmp.Verbose    = defVerbose;
        status = STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (tmp.IntervalMs < TW_MIN_INTERVAL_MS) {
        tmp.IntervalMs = TW_MIN_INTERVAL_MS;
    }

    *Config = tmp;
    return STATUS_SUCCESS;
}
