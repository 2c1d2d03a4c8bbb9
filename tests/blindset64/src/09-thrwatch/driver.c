/*
 * thrwatch - reports threads injected into one watched process
 *
 * KMDF, non-PnP: install with sc create thrwatch type= kernel ...
 */
#include "thrwatch.h"

TW_GLOBALS g_Tw;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TwEvtDriverUnload)
#endif

VOID
TwEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TW_DBG("unload\n");

    /* callbacks first: nothing may touch g_Tw once we return */
    TwStopNotifications();

    /*
     * The control device is deleted by the framework as part of driver
     * object cleanup for a non-PnP driver; nothing else to release.
     */
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    WDFDEVICE device;

    TW_DBG("DriverEntry\n");

    RtlZeroMemory(&g_Tw, sizeof(g_Tw));
    KeInitializeSpinLock(&g_Tw.Lock);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TwEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TW_DBG("WdfDriverCreate 0x%08X\n", status);
        return status;
    }

    status = TwCreateControlDevice(driver, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Tw.ControlDevice = device;

    status = TwStartNotifications();
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        g_Tw.ControlDevice = NULL;
        return status;
    }

    /* everything is in place: let I/O reach the control device */
    WdfControlFinishInitializing(device);

    TW_DBG("ready\n");
    return STATUS_SUCCESS;
}
