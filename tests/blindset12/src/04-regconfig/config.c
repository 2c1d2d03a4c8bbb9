#include "config.h"
#include <ntstrsafe.h>

MEMPEEK_CONFIG g_Config = {
    CFG_DEFAULT_BUFFER,
    CFG_DEFAULT_MAXREAD,
    0,
    1
};

#define REG_DWORD_DIRECT (RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK)
#define DWORD_TYPECHECK  (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT)

NTSTATUS
CfgLoad(_In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING path;
    USHORT cb;
    RTL_QUERY_REGISTRY_TABLE table[5];
    ULONG defBuffer = CFG_DEFAULT_BUFFER;
    ULONG defMaxRead = CFG_DEFAULT_MAXREAD;
    ULONG defZero = 0;
    ULONG defOne = 1;

    // "<service key>\Parameters", NUL terminated for RTL_REGISTRY_ABSOLUTE
    cb = RegistryPath->Length + sizeof(L"\\Parameters");
    path.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, cb, MEMPEEK_TAG);
    if (path.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    path.Length = 0;
    path.MaximumLength = cb;
    RtlCopyUnicodeString(&path, RegistryPath);
    RtlUnicodeStringCatString(&path, L"\\Parameters");
    path.Buffer[path.Length / sizeof(WCHAR)] = UNICODE_NULL;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = REG_DWORD_DIRECT;
    table[0].Name = L"BufferSize";
    table[0].EntryContext = &g_Config.BufferSize;
    table[0].DefaultType = DWORD_TYPECHECK | REG_DWORD;
    table[0].DefaultData = &defBuffer;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = REG_DWORD_DIRECT;
    table[1].Name = L"MaxReadSize";
    table[1].EntryContext = &g_Config.MaxReadSize;
    table[1].DefaultType = DWORD_TYPECHECK | REG_DWORD;
    table[1].DefaultData = &defMaxRead;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = REG_DWORD_DIRECT;
    table[2].Name = L"Verbose";
    table[2].EntryContext = &g_Config.VerboseLog;
    table[2].DefaultType = DWORD_TYPECHECK | REG_DWORD;
    table[2].DefaultData = &defZero;
    table[2].DefaultLength = sizeof(ULONG);

    table[3].Flags = REG_DWORD_DIRECT;
    table[3].Name = L"Exclusive";
    table[3].EntryContext = &g_Config.DeviceExclusive;
    table[3].DefaultType = DWORD_TYPECHECK | REG_DWORD;
    table[3].DefaultData = &defOne;
    table[3].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path.Buffer, table, NULL, NULL);

    ExFreePoolWithTag(path.Buffer, MEMPEEK_TAG);

    // clamp silly values
    if (g_Config.BufferSize < PAGE_SIZE || g_Config.BufferSize > 16 * 1024 * 1024) {
        g_Config.BufferSize = CFG_DEFAULT_BUFFER;
    }
    if (g_Config.MaxReadSize > g_Config.BufferSize) {
        g_Config.MaxReadSize = g_Config.BufferSize;
    }
    return status;
}

NTSTATUS
CfgApplyToDevice(_In_ PDEVICE_OBJECT DeviceObject)
{
    if (DeviceObject == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
    if (g_Config.DeviceExclusive) {
        DeviceObject->Flags |= DO_EXCLUSIVE;
    }
    DeviceObject->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}
