//
// wskbeacon - tells a collector on the LAN when this box loads/unloads us.
// Kernel-mode UDP via Winsock Kernel, no user-mode service needed.
//
#include "WskClient.h"

using namespace beacon;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeaconUnload;

namespace {

Config g_config = {
    0x7F000001,             // 127.0.0.1 until the registry says otherwise
    BEACON_DEFAULT_PORT,
    5000                    // ms to wait for the WSK provider
};

NTSTATUS ReadConfig(PCUNICODE_STRING registryPath, Config& cfg)
{
    ULONG address = cfg.CollectorAddress;
    ULONG port = cfg.CollectorPort;
    ULONG timeout = cfg.CaptureTimeoutMs;
    RTL_QUERY_REGISTRY_TABLE table[4] = {};
    const ULONG dwordCheck = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = const_cast<PWSTR>(L"CollectorAddress");
    table[0].EntryContext = &address;
    table[0].DefaultType = dwordCheck;
    table[0].DefaultData = &address;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = const_cast<PWSTR>(L"CollectorPort");
    table[1].EntryContext = &port;
    table[1].DefaultType = dwordCheck;
    table[1].DefaultData = &port;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = const_cast<PWSTR>(L"CaptureTimeoutMs");
    table[2].EntryContext = &timeout;
    table[2].DefaultType = dwordCheck;
    table[2].DefaultData = &timeout;
    table[2].DefaultLength = sizeof(ULONG);

    NTSTATUS status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE,
                                             registryPath->Buffer, table,
                                             nullptr, nullptr);
    if (NT_SUCCESS(status)) {
        cfg.CollectorAddress = address;
        cfg.CollectorPort = (port != 0 && port <= 0xFFFF) ? port : BEACON_DEFAULT_PORT;
        cfg.CaptureTimeoutMs = timeout;
    }
    return status;
}

} // namespace

static VOID BeaconUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    NTSTATUS status = WskClient::SendBeacon("wskbeacon: unloading");
    if (!NT_SUCCESS(status)) {
        BERR("goodbye beacon failed 0x%08X", status);
    }

    WskClient::Shutdown();
    BLOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    BLOG("DriverEntry %wZ", RegistryPath);

    status = ReadConfig(RegistryPath, g_config);
    if (!NT_SUCCESS(status)) {
        // not fatal, defaults are usable
        BLOG("no config (0x%08X), using defaults", status);
    }

    status = WskClient::Initialize(g_config);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WskClient::SendBeacon("wskbeacon: loaded");
    if (!NT_SUCCESS(status)) {
        // collector may just not be up yet; keep going
        BLOG("hello beacon failed 0x%08X", status);
    }

    DriverObject->DriverUnload = BeaconUnload;
    return STATUS_SUCCESS;
}
