// driver.cpp - beacon driver entry points
#include "WskBeacon.h"

#define BEACON_TARGET_IP    0xC0A8010AUL    // 192.168.1.10, the monitoring box
#define BEACON_TARGET_PORT  9999

EXTERN_C DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD BeaconUnload;

static WskBeacon* g_Beacon = nullptr;

static VOID BeaconUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Beacon != nullptr) {
        g_Beacon->SendText("beacon: offline");
        delete g_Beacon;
        g_Beacon = nullptr;
    }
    BLOG("unloaded");
}

EXTERN_C NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    SOCKADDR_IN target = {};
    target.sin_family = AF_INET;
    target.sin_port = RtlUshortByteSwap(BEACON_TARGET_PORT);
    target.sin_addr.s_addr = RtlUlongByteSwap(BEACON_TARGET_IP);

    g_Beacon = new (POOL_FLAG_NON_PAGED, BEACON_TAG) WskBeacon();
    if (g_Beacon == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = g_Beacon->Init(target);
    if (!NT_SUCCESS(status)) {
        delete g_Beacon;
        g_Beacon = nullptr;
        return status;
    }

    status = g_Beacon->SendText("beacon: online");
    if (!NT_SUCCESS(status)) {
        BLOG("first beacon failed 0x%08X (ignored)", status);
    }

    DriverObject->DriverUnload = BeaconUnload;
    return STATUS_SUCCESS;
}
