/*
 * driver.c - entry point of tickctl
 */
#include "ctl.h"

DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CtlEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    KdPrint(("tickctl: built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = CtlEvtDriverUnload;
    config.DriverPoolTag = CTL_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: WdfDriverCreate 0x%08X\n", status));
        return status;
    }

    /* the framework tears the driver object down for us if this fails */
    status = CtlCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tickctl: control device 0x%08X\n", status));
    }
    return status;
}

VOID
CtlEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    if (g_ControlDevice != NULL) {
        WdfTimerStop(CtlGetContext(g_ControlDevice)->Timer, TRUE);
    }
    /* the control device itself goes away with the driver */
    KdPrint(("tickctl: unloading\n"));
}
