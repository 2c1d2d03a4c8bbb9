#include "fwstage.h"
#include "ntmacros.h"

NTSTATUS
FwsQueryRegistryDword(
    _In_ PUNICODE_STRING RegistryPath,
    _In_ PCWSTR Name,
    _In_ ULONG Default,
    _Out_ PULONG Value
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG defaultValue = Default;
    PWSTR path;
    NTSTATUS status;

    *Value = Default;

    // RtlQueryRegistryValues wants a terminated path
    path = (PWSTR)ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length + sizeof(WCHAR), FWS_TAG);
    NT_RETURN_IF_NULL_ALLOC(path);
    RtlCopyMemory(path, RegistryPath->Buffer, RegistryPath->Length);
    path[RegistryPath->Length / sizeof(WCHAR)] = UNICODE_NULL;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = (PWSTR)Name;
    table[0].EntryContext = Value;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path, table, NULL, NULL);
    ExFreePoolWithTag(path, FWS_TAG);
    return status;
}
