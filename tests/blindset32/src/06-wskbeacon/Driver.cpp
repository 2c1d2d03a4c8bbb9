#include "WskClient.h"
#include <ntstrsafe.h>

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD DriverUnload;

WskClient g_Beacon;

namespace {

struct BeaconPayload {
    char  Magic[4];
    ULONG Version;
    ULONG BootCount;
    char  Host[32];
};

BeaconPayload* g_Payload = nullptr;

NTSTATUS
BuildPayload()
{
    g_Payload = static_cast<BeaconPayload*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(BeaconPayload), BEACON_TAG));
    if (g_Payload == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_Payload->Magic, "BCN1", 4);
    g_Payload->Version = 1;
    g_Payload->BootCount = 0;
    RtlStringCbCopyA(g_Payload->Host, sizeof(g_Payload->Host), "lab-vm");
    return STATUS_SUCCESS;
}

void
FreePayload()
{
    if (g_Payload != nullptr) {
        ExFreePoolWithTag(g_Payload, BEACON_TAG);
        g_Payload = nullptr;
    }
}

} // namespace

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = BuildPayload();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = g_Beacon.Initialize(BEACON_LOCAL_PORT);
    if (!NT_SUCCESS(status)) {
        BLOG("WskClient::Initialize failed 0x%08X", status);
        FreePayload();
        return status;
    }

    // first beacon; failure here is not fatal, the collector may be down
    status = g_Beacon.SendTo(BEACON_REMOTE_ADDR, BEACON_REMOTE_PORT,
                             g_Payload, sizeof(BeaconPayload));
    BLOG("initial beacon: 0x%08X", status);

    DriverObject->DriverUnload = DriverUnload;
    return STATUS_SUCCESS;
}

static
VOID
DriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    g_Beacon.Shutdown();
    FreePayload();
    BLOG("unloaded");
}
