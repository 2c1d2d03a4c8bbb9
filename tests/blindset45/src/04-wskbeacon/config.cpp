// config.cpp - registry-backed settings under the service key.
#include "beacon.h"

namespace beacon {

UNICODE_STRING Config::s_RegistryPath;

void Config::Init(_In_ PCUNICODE_STRING RegistryPath)
{
    // keep the service key around so the sender can pick up edits
    // without a reload (see Sender::ThreadMain)
    s_RegistryPath = *RegistryPath;
    BLOG("config key %wZ", &s_RegistryPath);
}

Settings Config::Load()
{
    Settings s = { 0, BEACON_DEFAULT_PORT, BEACON_DEFAULT_PERIOD };
    ULONG addr = 0, port = s.TargetPort, period = s.PeriodSeconds;

    RTL_QUERY_REGISTRY_TABLE table[4];
    RtlZeroMemory(table, sizeof(table));

    auto dword = [](RTL_QUERY_REGISTRY_TABLE& e, PWSTR name, PULONG where) {
        e.Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
        e.Name = name;
        e.EntryContext = where;
        e.DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;
    };
    dword(table[0], const_cast<PWSTR>(L"TargetAddress"), &addr);
    dword(table[1], const_cast<PWSTR>(L"TargetPort"),    &port);
    dword(table[2], const_cast<PWSTR>(L"PeriodSeconds"), &period);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                             s_RegistryPath.Buffer,
                                             table, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        BERR("registry query 0x%08x, using defaults", status);
        return s;
    }

    s.TargetAddress = addr;
    if (port != 0 && port <= 0xFFFF) {
        s.TargetPort = port;
    }
    if (period >= 1 && period <= 3600) {
        s.PeriodSeconds = period;
    }
    return s;
}

} // namespace beacon
