#include "volwatch.h"
#include <ntstrsafe.h>

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, CfgReadParameters)
#pragma alloc_text(PAGE, CfgDefaults)
#pragma alloc_text(PAGE, CfgFree)
#endif

static NTSTATUS CfgCopyString(_Out_ PUNICODE_STRING Dest, _In_ PCWSTR Src, _In_ SIZE_T Bytes)
{
    USHORT max = (USHORT)(Bytes + sizeof(WCHAR));

    Dest->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED, max, VW_TAG);
    if (Dest->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(Dest->Buffer, Src, Bytes);
    Dest->Length = (USHORT)Bytes;
    Dest->MaximumLength = max;
    Dest->Buffer[Bytes / sizeof(WCHAR)] = L'\0';
    return STATUS_SUCCESS;
}

NTSTATUS CfgDefaults(_Out_ PVW_PARAMS Params)
{
    PAGED_CODE();

    Params->MaxAttempts = VW_DEFAULT_ATTEMPTS;
    return CfgCopyString(&Params->TargetName, VW_DEFAULT_TARGET,
                         sizeof(VW_DEFAULT_TARGET) - sizeof(WCHAR));
}

VOID CfgFree(_Inout_ PVW_PARAMS Params)
{
    PAGED_CODE();

    if (Params->TargetName.Buffer != NULL) {
        ExFreePoolWithTag(Params->TargetName.Buffer, VW_TAG);
        RtlZeroMemory(&Params->TargetName, sizeof(Params->TargetName));
    }
}

/*
 * Reads <service>\Parameters\TargetDevice (REG_SZ) and MaxAttempts (REG_DWORD).
 */
NTSTATUS CfgReadParameters(_In_ PCUNICODE_STRING RegistryPath, _Out_ PVW_PARAMS Params)
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    UNICODE_STRING target = { 0 };
    ULONG attempts = VW_DEFAULT_ATTEMPTS;
    ULONG defaultAttempts = VW_DEFAULT_ATTEMPTS;
    UNICODE_STRING path;
    WCHAR pathBuffer[256];
    NTSTATUS status;

    RtlZeroMemory(Params, sizeof(*Params));

    RtlInitEmptyUnicodeString(&path, pathBuffer, sizeof(pathBuffer));
    status = RtlUnicodeStringPrintf(&path, L"%wZ\\Parameters", RegistryPath);
    if (status < 0) {
        return status;
    }

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED |
                     RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"TargetDevice";
    table[0].EntryContext = &target;
    table[0].DefaultType = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"MaxAttempts";
    table[1].EntryContext = &attempts;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultAttempts;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.Buffer, table, NULL, NULL);
    if (status < 0) {
        return status;
    }

    status = CfgCopyString(&Params->TargetName, target.Buffer, target.Length);
    RtlFreeUnicodeString(&target);
    if (status < 0) {
        return status;
    }

    Params->MaxAttempts = (attempts == 0 || attempts > 64) ? VW_DEFAULT_ATTEMPTS : attempts;
    return STATUS_SUCCESS;
}
