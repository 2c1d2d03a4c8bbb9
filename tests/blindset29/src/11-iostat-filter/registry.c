// registry.c - service key helpers. The RegistryPath handed to DriverEntry is
// freed when DriverEntry returns, so a deep, NUL-terminated copy is kept for AddDevice.

#include "filter.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, IoStatCopyRegistryPath)
#pragma alloc_text(PAGE, IoStatFreeRegistryPath)
#pragma alloc_text(PAGE, IoStatQueryEnabled)
#endif

NTSTATUS
IoStatCopyRegistryPath(
    _In_ PCUNICODE_STRING Source,
    _Out_ PUNICODE_STRING Copy
    )
{
    USHORT maxLength = Source->Length + sizeof(WCHAR);

    Copy->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, maxLength, IOSTAT_TAG);
    if (Copy->Buffer == NULL) {
        Copy->Length = Copy->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Copy->Length = 0;
    Copy->MaximumLength = maxLength;
    RtlCopyUnicodeString(Copy, Source);
    Copy->Buffer[Copy->Length / sizeof(WCHAR)] = UNICODE_NULL;
    return STATUS_SUCCESS;
}

VOID
IoStatFreeRegistryPath(
    _Inout_ PUNICODE_STRING Copy
    )
{
    PAGED_CODE();

    if (Copy->Buffer != NULL) {
        ExFreePoolWithTag(Copy->Buffer, IOSTAT_TAG);
        Copy->Buffer = NULL;
        Copy->Length = Copy->MaximumLength = 0;
    }
}

ULONG
IoStatQueryEnabled(VOID)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG enabled = g_IoStat.DefaultEnabled;
    ULONG defaultEnabled = g_IoStat.DefaultEnabled;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"Enabled";
    table[1].EntryContext = &enabled;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultEnabled;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    g_IoStat.RegistryPath.Buffer, table, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        enabled = defaultEnabled;
    }
    return enabled;
}
