/*
 * driver.c - KmdfPing DriverEntry
 */
#include "ping.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PingEvtDriverUnload)
#endif

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = NULL;
    NTSTATUS status;

    TRACE(("KmdfPing: DriverEntry (%s %s)\n", __DATE__, __TIME__));

    /* no AddDevice: this driver is not PnP */
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = PingEvtDriverUnload;
    config.DriverPoolTag = 'gniP';

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    TRACE(("KmdfPing: WdfDriverCreate 0x%08X\n", status));

    status = PingCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TRACE(("KmdfPing: PingCreateControlDevice 0x%08X\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

VOID PingEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /*
     * Nothing to free by hand: the control device, its queue and the
     * heartbeat timer are all framework objects under the driver object and
     * go away with it.
     */
    TRACE(("KmdfPing: unloading\n"));
}
