/*
 * driver.c - KmdfEcho
 *
 * Non-PnP KMDF driver with one control device. Whatever you write, you
 * read back. The app can register an event and gets it set on every write.
 *
 * Started from the "nonpnp" WDK sample and the OSR "first KMDF driver"
 * article, cut down to what I understand.
 */
#include "driver.h"

WDFDEVICE g_ControlDevice = NULL;
PUCHAR    g_EchoBuffer    = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, EchoEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS          status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;

    ECHO_PRINT(("KmdfEcho: DriverEntry, built %s %s\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);

    // no hardware, no AddDevice -> non-PnP driver with an unload routine
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = EchoEvtDriverUnload;
    config.DriverPoolTag    = ECHO_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        ECHO_PRINT(("KmdfEcho: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    //
    // the echo buffer lives for the life of the driver
    //
    g_EchoBuffer = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, ECHO_BUFFER_SIZE, ECHO_TAG);
    if (g_EchoBuffer == NULL) {
        ECHO_PRINT(("KmdfEcho: out of memory\n"));
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = EchoCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        ECHO_PRINT(("KmdfEcho: EchoCreateControlDevice failed 0x%x\n", status));
        ExFreePoolWithTag(g_EchoBuffer, ECHO_TAG);
        g_EchoBuffer = NULL;
        return status;
    }

    ECHO_PRINT(("KmdfEcho: loaded\n"));
    return status;
}

VOID
EchoEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PCONTROL_DEVICE_EXTENSION ext;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    ECHO_PRINT(("KmdfEcho: unload\n"));

    //
    // The framework deletes the control device for a non-PnP driver after
    // we return; just drop what we own.
    //
    if (g_ControlDevice != NULL) {
        ext = ControlGetData(g_ControlDevice);
        if (ext->UserEvent != NULL) {
            ObDereferenceObject(ext->UserEvent);
            ext->UserEvent = NULL;
        }
        ext->Buffer = NULL;
    }

    if (g_EchoBuffer != NULL) {
        ExFreePoolWithTag(g_EchoBuffer, ECHO_TAG);
        g_EchoBuffer = NULL;
    }
}
