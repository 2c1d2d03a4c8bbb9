/*
 * wfpmon.sys - ALE connect monitor / port blocker (WFP callout)
 */
#define INITGUID
#include "wfpmon.h"

WFPMON_GLOBALS g_Wfp;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WfpmonUnload;

static const UINT16 kDefaultBlocked[] = { 4444, 1337, 31337 };

#if 0
/* old registry based config, replaced by the IOCTL in the next version */
static NTSTATUS
ReadBlockedPorts(PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG port = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
    table[0].Name = L"BlockPort";
    table[0].EntryContext = &port;
    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}
#endif

static VOID
LoadDefaults(VOID)
{
    ULONG i;

    g_Wfp.BlockedPortCount = 0;
    for (i = 0; i < ARRAYSIZE(kDefaultBlocked) && i < WFPMON_MAX_PORTS; i++) {
        g_Wfp.BlockedPorts[g_Wfp.BlockedPortCount++] = kDefaultBlocked[i];
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    WLOG("DriverEntry, built %s", __DATE__);

    RtlZeroMemory(&g_Wfp, sizeof(g_Wfp));
    LoadDefaults();

    /* unnamed device object, only needed as the callout owner */
    status = IoCreateDevice(DriverObject,
                            0,
                            NULL,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Wfp.DeviceObject);
    CHECK(status, "IoCreateDevice");

    status = WfpStart(g_Wfp.DeviceObject);
    CHECK(status, "WfpStart");

    DriverObject->DriverUnload = WfpmonUnload;
    g_Wfp.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    WLOG("up, %lu ports on the block list", g_Wfp.BlockedPortCount);
    return STATUS_SUCCESS;

Exit:
    if (g_Wfp.DeviceObject) {
        IoDeleteDevice(g_Wfp.DeviceObject);
        g_Wfp.DeviceObject = NULL;
    }
    return status;
}

static VOID
WfpmonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    WfpStop();

    if (g_Wfp.DeviceObject) {
        IoDeleteDevice(g_Wfp.DeviceObject);
        g_Wfp.DeviceObject = NULL;
    }

    WLOG("unloaded");
}
