/*++

Copyright (c) Contoso Storage Systems.  All rights reserved.

Module Name:

    registry.c

Abstract:

    Service-key handling: private copy of the registry path and the
    optional Parameters subkey.

    HKLM\System\CurrentControlSet\Services\diskiof\Parameters
        Enabled             REG_DWORD   (default 1)
        HistogramShift      REG_DWORD   (default 10 -> first bucket ~102us)
        TraceSlowRequestsMs REG_DWORD   (default 0, off)

Environment:

    Kernel mode only, PASSIVE_LEVEL.

--*/

#include "diskiof.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DifCopyUnicodeString)
#pragma alloc_text(PAGE, DifFreeUnicodeString)
#pragma alloc_text(INIT, DifReadParameters)
#endif

#define DIF_DEFAULT_ENABLED             1
#define DIF_DEFAULT_HISTOGRAM_SHIFT     10
#define DIF_MAX_HISTOGRAM_SHIFT         24


_Use_decl_annotations_
NTSTATUS
DifCopyUnicodeString(
    PUNICODE_STRING Destination,
    PCUNICODE_STRING Source
    )
/*++

Routine Description:

    Allocates a NUL-terminated copy of Source.  The terminator lets the
    copy be handed to RtlQueryRegistryValues directly.

--*/
{
    USHORT allocationLength;

    PAGED_CODE();

    RtlZeroMemory(Destination, sizeof(*Destination));

    if (Source->Length > (MAXUSHORT - sizeof(WCHAR))) {
        return STATUS_NAME_TOO_LONG;
    }

    allocationLength = Source->Length + sizeof(WCHAR);

    Destination->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                allocationLength,
                                                DIF_TAG_STRING);
    if (Destination->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Destination->MaximumLength = allocationLength;
    RtlCopyUnicodeString(Destination, Source);

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
DifFreeUnicodeString(
    PUNICODE_STRING String
    )
{
    PAGED_CODE();

    if (String->Buffer != NULL) {
        ExFreePoolWithTag(String->Buffer, DIF_TAG_STRING);
    }

    RtlZeroMemory(String, sizeof(*String));
}


_Use_decl_annotations_
VOID
DifReadParameters(
    PDIF_GLOBALS Globals
    )
/*++

Routine Description:

    Loads tunables from the Parameters subkey.  Every value is optional;
    a missing key or value leaves the default in place.

--*/
{
    NTSTATUS status;
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG enabled = DIF_DEFAULT_ENABLED;
    ULONG histogramShift = DIF_DEFAULT_HISTOGRAM_SHIFT;
    ULONG slowMs = 0;

    PAGED_CODE();

    Globals->Parameters.Enabled = DIF_DEFAULT_ENABLED;
    Globals->Parameters.HistogramShift = DIF_DEFAULT_HISTOGRAM_SHIFT;
    Globals->Parameters.TraceSlowRequestsMs = 0;

    status = RtlStringCchPrintfW(Globals->ParametersPath,
                                 RTL_NUMBER_OF(Globals->ParametersPath),
                                 L"%wZ\\Parameters",
                                 &Globals->RegistryPath);
    if (!NT_SUCCESS(status)) {
        DIF_TRACE(DIF_LEVEL_WARNING, "service path too long (0x%08X), using defaults", status);
        return;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"Enabled";
    table[0].EntryContext = &enabled;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"HistogramShift";
    table[1].EntryContext = &histogramShift;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"TraceSlowRequestsMs";
    table[2].EntryContext = &slowMs;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    //
    // table[3] is the zeroed terminator.
    //

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    Globals->ParametersPath,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        DIF_TRACE(DIF_LEVEL_INFO, "no Parameters key (0x%08X), using defaults", status);
        return;
    }

    Globals->Parameters.Enabled = (enabled != 0);

    if (histogramShift <= DIF_MAX_HISTOGRAM_SHIFT) {
        Globals->Parameters.HistogramShift = histogramShift;
    }

    Globals->Parameters.TraceSlowRequestsMs = slowMs;

#if DBG
    DIF_TRACE(DIF_LEVEL_INFO, "Enabled=%lu HistogramShift=%lu TraceSlowRequestsMs=%lu",
              Globals->Parameters.Enabled,
              Globals->Parameters.HistogramShift,
              Globals->Parameters.TraceSlowRequestsMs);
#endif
}
