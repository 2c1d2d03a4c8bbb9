#include "common.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KmEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmEvtDriverUnload)
#endif

KM_GLOBALS g_Km;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    KLOG("DriverEntry (built " __DATE__ " " __TIME__ ")");

    RtlZeroMemory(&g_Km, sizeof(g_Km));

    NT_CHECK(KmInitGlobals());

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KmEvtDriverUnload;
    config.DriverPoolTag   = KM_POOL_TAG;

    NT_CHECK(WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver));
    g_Km.Driver = driver;

    NT_CHECK(KmCreateControlDevice(driver));

    KLOG("ready, device %ws", KM_DEVICE_NAME);
    return STATUS_SUCCESS;
}

VOID
KmEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Driver);

    KLOG("unload: reads=%llu writes=%llu in=%llu out=%llu",
         g_Km.Stats.Reads, g_Km.Stats.Writes,
         g_Km.Stats.BytesRead, g_Km.Stats.BytesWritten);

    if (g_Km.ControlDevice != NULL) {
        WdfObjectDelete(g_Km.ControlDevice);
        g_Km.ControlDevice = NULL;
    }
}
