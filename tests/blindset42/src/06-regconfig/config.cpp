// config.cpp - RtlQueryRegistryValues based config reader
#include "config.h"

namespace cfg {
namespace {

ULONG g_DefEnabled    = 1;
ULONG g_DefVerbose    = 0;
ULONG g_DefMaxLines   = 20000;
ULONG g_DefSkipSystem = 1;
WCHAR g_DefLogFile[]  = L"\\SystemRoot\\Temp\\imglog.txt";

const WCHAR kParams[] = L"\\Parameters";

// RegistryPath is not guaranteed to be NUL terminated, and we want the
// Parameters subkey anyway, so build our own string.
PWSTR MakeParamsPath(PCUNICODE_STRING RegistryPath)
{
    SIZE_T cb = RegistryPath->Length + sizeof(kParams);     // kParams has the NUL
    PWSTR path = static_cast<PWSTR>(ExAllocatePoolWithTag(PagedPool, cb, IMGLOG_TAG));
    if (path == nullptr) {
        return nullptr;
    }
    RtlCopyMemory(path, RegistryPath->Buffer, RegistryPath->Length);
    RtlCopyMemory(reinterpret_cast<PUCHAR>(path) + RegistryPath->Length, kParams, sizeof(kParams));
    return path;
}

void DwordEntry(RTL_QUERY_REGISTRY_TABLE& e, PCWSTR name, PULONG value, PULONG def)
{
    e.Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    e.Name          = const_cast<PWSTR>(name);
    e.EntryContext  = value;
    e.DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    e.DefaultData   = def;
    e.DefaultLength = sizeof(ULONG);
}

} // anonymous

NTSTATUS Load(PCUNICODE_STRING RegistryPath, Settings& s)
{
    RTL_QUERY_REGISTRY_TABLE table[6];      // 5 values + terminator
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(&s, sizeof(s));

    PWSTR path = MakeParamsPath(RegistryPath);
    if (path == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DwordEntry(table[0], L"Enabled",    &s.Enabled,    &g_DefEnabled);
    DwordEntry(table[1], L"Verbose",    &s.Verbose,    &g_DefVerbose);
    DwordEntry(table[2], L"MaxLines",   &s.MaxLines,   &g_DefMaxLines);
    DwordEntry(table[3], L"SkipSystem", &s.SkipSystem, &g_DefSkipSystem);

    // LogFile: Buffer == NULL so Rtl allocates it for us
    table[4].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[4].Name          = const_cast<PWSTR>(L"LogFile");
    table[4].EntryContext  = &s.LogFile;
    table[4].DefaultType   = (REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_SZ;
    table[4].DefaultData   = g_DefLogFile;
    table[4].DefaultLength = sizeof(g_DefLogFile);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    path, table, nullptr, nullptr);

    ExFreePoolWithTag(path, IMGLOG_TAG);

    if (!NT_SUCCESS(status)) {
        KdPrint(("imglog: RtlQueryRegistryValues 0x%08X\n", status));
        Free(s);
    }
    return status;
}

void Free(Settings& s)
{
    if (s.LogFile.Buffer != nullptr) {
        RtlFreeUnicodeString(&s.LogFile);
    }
    RtlZeroMemory(&s.LogFile, sizeof(s.LogFile));
}

void Dump(const Settings& s)
{
#if DBG
    DbgPrint("imglog: Enabled=%lu Verbose=%lu MaxLines=%lu SkipSystem=%lu LogFile=%wZ\n",
             s.Enabled, s.Verbose, s.MaxLines, s.SkipSystem, &s.LogFile);
#else
    UNREFERENCED_PARAMETER(s);
#endif
}

} // namespace cfg
