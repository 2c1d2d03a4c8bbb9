/*++

Module Name:

    vslconf.c

Abstract:

    Registry configuration for VStorLite.  Only called from DriverEntry.

--*/

#include "vstorlite.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VslQueryImageSize)
#endif

//
// Reads Parameters\ImageSizeMB.  Returns an error if the value is absent
// or not sane; the caller falls back to the default then.
//
_Use_decl_annotations_
NTSTATUS
VslQueryImageSize(
    PUNICODE_STRING RegistryPath,
    PULONG SizeInMb
    )
{
    RTL_QUERY_REGISTRY_TABLE    table[3];
    ULONG                       value = 0;
    NTSTATUS                    status;

    *SizeInMb = 0;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags         = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name          = L"Parameters";

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED |
                             RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = L"ImageSizeMB";
    table[1].EntryContext  = &value;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer,
                                    table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (value == 0 || value > VSL_MAX_SIZE_MB) {
        return STATUS_INVALID_PARAMETER;
    }

    *SizeInMb = value;
    return STATUS_SUCCESS;
}
