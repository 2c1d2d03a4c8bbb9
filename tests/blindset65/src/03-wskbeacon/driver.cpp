//
// driver.cpp - wskbeacon entry points
//
#include "beacon.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeaconUnload;

namespace {
    beacon::Config  g_Config;
    PCUNICODE_STRING g_RegistryPath;   // service key, for the counters on unload
    bool            g_Verbose = false;
}

static void BeaconUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    beacon::Client::SendText("wskbeacon: down", g_Config);
    beacon::Client::CloseSocket();
    beacon::Client::Stop();

    NTSTATUS status = beacon::SaveCounters(g_RegistryPath,
                                           static_cast<ULONG>(beacon::Client::SentCount()));
    if (!NT_SUCCESS(status) && g_Verbose) {
        LOG("could not persist counters 0x%08X", status);
    }

    LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status = STATUS_SUCCESS;

    g_RegistryPath = RegistryPath;

    if (!NT_SUCCESS(beacon::LoadConfig(RegistryPath, &g_Config))) {
        LOG("no config, using port %u", g_Config.Port);
    }
    g_Verbose = (g_Config.Flags & 1) != 0;

    DriverObject->DriverUnload = BeaconUnload;

    status = beacon::Client::Start();
    if (!NT_SUCCESS(status)) {
        LOG("WSK start failed 0x%08X", status);
        return status;
    }

    if (!beacon::Client::OpenSocket()) {
        LOG("could not open the beacon socket");
        beacon::Client::Stop();
        return status;
    }

    status = beacon::Client::SendText("wskbeacon: up", g_Config);
    if (!NT_SUCCESS(status)) {
        // not fatal, the listener may simply not be there yet
        LOG("first beacon not sent 0x%08X", status);
    }

    LOG("loaded, beacon -> port %u", g_Config.Port);
    return STATUS_SUCCESS;
}
