/*
 * config.c - registry parameters for TickDpc
 */
#include "tickdpc.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TickReadConfig)
#endif

static ULONG
ClampPeriod(ULONG ms)
{
    if (ms < TICK_MIN_PERIOD_MS) return TICK_MIN_PERIOD_MS;
    if (ms > TICK_MAX_PERIOD_MS) return TICK_MAX_PERIOD_MS;
    return ms;
}

/*
 * Reads <ServiceKey>\Parameters. Missing values keep their defaults,
 * a missing Parameters key is not an error either.
 */
NTSTATUS
TickReadConfig(
    _In_ PCUNICODE_STRING ServiceKey,
    _Out_ PTICK_CONFIG Config
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    UNICODE_STRING path;
    ULONG defPeriod  = TICK_DEFAULT_PERIOD_MS;
    ULONG defVerbose = 0;
    USHORT cb;
    NTSTATUS status;

    PAGED_CODE();

    Config->PeriodMs = TICK_DEFAULT_PERIOD_MS;
    Config->Verbose  = 0;

    cb = ServiceKey->Length + sizeof(TICK_PARAMS_SUBKEY);   /* includes NUL */
    path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, cb, TICK_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    path.Length = 0;
    path.MaximumLength = cb;
    RtlCopyUnicodeString(&path, ServiceKey);
    RtlAppendUnicodeToString(&path, TICK_PARAMS_SUBKEY);
    path.Buffer[path.Length / sizeof(WCHAR)] = UNICODE_NULL;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name          = L"PeriodMs";
    table[0].EntryContext  = &Config->PeriodMs;
    table[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData   = &defPeriod;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"Verbose";
    table[1].EntryContext  = &Config->Verbose;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defVerbose;
    table[1].DefaultLength = sizeof(ULONG);

    /* table[2] all zero = terminator */

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        TLOG("no usable Parameters key (0x%08X), using defaults\n", status);
        Config->PeriodMs = TICK_DEFAULT_PERIOD_MS;
        Config->Verbose  = 0;
        status = STATUS_SUCCESS;
    }

    Config->PeriodMs = ClampPeriod(Config->PeriodMs);

    ExFreePoolWithTag(path.Buffer, TICK_TAG);
    return status;
}
