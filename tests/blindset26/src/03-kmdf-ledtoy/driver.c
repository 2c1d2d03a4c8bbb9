/*
 * driver.c - DriverEntry and unload for LedToy
 */
#include "ledtoy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LedEvtDriverUnload)
#endif

WDFDEVICE g_ControlDevice = NULL;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    NTSTATUS ntStatus;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    KdPrint(("LedToy: DriverEntry (built " __DATE__ " " __TIME__ ")\n"));

    //
    // no hardware -> non-pnp driver, so no EvtDriverDeviceAdd
    //
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = LedEvtDriverUnload;

    ntStatus = WdfDriverCreate(DriverObject,
                               RegistryPath,
                               WDF_NO_OBJECT_ATTRIBUTES,
                               &config,
                               &driver);
    if (!NT_SUCCESS(ntStatus)) {
        KdPrint(("LedToy: WdfDriverCreate failed 0x%x\n", ntStatus));
        goto Exit;
    }

    status = LedCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: LedCreateControlDevice failed 0x%x\n", status));
        goto Exit;
    }

    KdPrint(("LedToy: loaded ok\n"));

Exit:
    return status;
}

VOID
LedEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    KdPrint(("LedToy: unload\n"));

    //
    // control devices are not deleted by pnp, so do it here.
    // the timer is a child of the device and goes away with it.
    //
    if (g_ControlDevice != NULL) {
        PLED_DEVICE_CONTEXT ctx = LedGetContext(g_ControlDevice);
        WdfTimerStop(ctx->Timer, TRUE);
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}
