// config.cpp -- registry helpers for regworker

#include "regworker.h"

namespace rw {

NTSTATUS PathCopy::Assign(PCUNICODE_STRING Src)
{
    Reset();

    USHORT cb = Src->Length + sizeof(WCHAR);
    if (cb < Src->Length) {
        return STATUS_INTEGER_OVERFLOW;
    }

    auto buf = static_cast<PWCH>(ExAllocatePoolWithTag(PagedPool, cb, RW_TAG));
    if (!buf) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(buf, Src->Buffer, Src->Length);
    buf[Src->Length / sizeof(WCHAR)] = L'\0';

    m_Str.Buffer        = buf;
    m_Str.Length        = Src->Length;
    m_Str.MaximumLength = cb;
    return STATUS_SUCCESS;
}

void PathCopy::Reset()
{
    if (m_Str.Buffer) {
        ExFreePoolWithTag(m_Str.Buffer, RW_TAG);
    }
    m_Str = {};
}

//
// Reads <service>\Parameters. A missing key or value is not an error;
// the defaults in Config stay in place.
//
NTSTATUS ReadConfig(PCWSTR ServiceKey, Config* Cfg)
{
    PAGED_CODE();

    *Cfg = Config{};

    ULONG interval = Cfg->IntervalMs;
    ULONG enabled  = Cfg->Enabled;
    ULONG verbose  = Cfg->Verbose;
    ULONG defInterval = interval, defEnabled = enabled, defVerbose = verbose;

    RTL_QUERY_REGISTRY_TABLE table[5] = {};

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name  = const_cast<PWSTR>(L"Parameters");

    table[1].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name          = const_cast<PWSTR>(L"IntervalMs");
    table[1].EntryContext  = &interval;
    table[1].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData   = &defInterval;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name          = const_cast<PWSTR>(L"Enabled");
    table[2].EntryContext  = &enabled;
    table[2].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData   = &defEnabled;
    table[2].DefaultLength = sizeof(ULONG);

    table[3].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[3].Name          = const_cast<PWSTR>(L"Verbose");
    table[3].EntryContext  = &verbose;
    table[3].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[3].DefaultData   = &defVerbose;
    table[3].DefaultLength = sizeof(ULONG);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, ServiceKey,
                                             table, nullptr, nullptr);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        RWLOG("no Parameters key, using defaults");
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        RWLOG("RtlQueryRegistryValues failed %08X", status);
        return status;
    }

    if (interval < RW_MIN_INTERVAL || interval > RW_MAX_INTERVAL) {
        RWLOG("IntervalMs %u out of range, using %u", interval, defInterval);
        interval = defInterval;
    }

    Cfg->IntervalMs = interval;
    Cfg->Enabled    = enabled;
    Cfg->Verbose    = verbose;
    return STATUS_SUCCESS;
}

} // namespace rw
