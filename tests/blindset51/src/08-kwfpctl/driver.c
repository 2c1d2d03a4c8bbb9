/*
 * driver.c - kwfpctl DriverEntry / EvtDriverUnload
 */
#include "kwfpctl.h"

KWFP_GLOBALS g_Kwfp;

DRIVER_INITIALIZE       DriverEntry;
EVT_WDF_DRIVER_UNLOAD   KwfpEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KwfpEvtDriverUnload)
#endif

VOID
KwfpEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KINFO("unload: accepts=%I64d icmp dropped=%I64d",
          g_Kwfp.Stats.Accepts, g_Kwfp.Stats.IcmpDropped);

    KwfpRemoveFilters();
    KwfpUnregisterCallout();

    if (g_Kwfp.ControlDevice != NULL) {
        WdfObjectDelete(g_Kwfp.ControlDevice);
        g_Kwfp.ControlDevice = NULL;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;
    WDFDRIVER           driver;

    KINFO("DriverEntry (%s)", __DATE__);
    RtlZeroMemory(&g_Kwfp, sizeof(g_Kwfp));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KwfpEvtDriverUnload;

    TRY(WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver),
        "WdfDriverCreate");

    TRY(KwfpCreateControlDevice(driver), "KwfpCreateControlDevice");

    TRY(KwfpRegisterCallout(WdfDeviceWdmGetDeviceObject(g_Kwfp.ControlDevice)),
        "KwfpRegisterCallout");

    TRY(KwfpAddFilters(), "KwfpAddFilters");

    KINFO("ready, callout %u filter %I64u", g_Kwfp.CalloutId, g_Kwfp.FilterId);

Exit:
    if (!NT_SUCCESS(status) && g_Kwfp.ControlDevice != NULL) {
        WdfObjectDelete(g_Kwfp.ControlDevice);
        g_Kwfp.ControlDevice = NULL;
    }
    return status;
}
