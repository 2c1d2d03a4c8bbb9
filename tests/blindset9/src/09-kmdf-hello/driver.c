#include "hello.h"

WDFDEVICE g_ControlDevice;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD HelloEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HelloEvtDeviceAdd)
#pragma alloc_text(PAGE, HelloEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    HELLO_LOG("DriverEntry, built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, HelloEvtDeviceAdd);
    config.EvtDriverUnload = HelloEvtDriverUnload;
    config.DriverPoolTag = HELLO_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        HELLO_LOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    /* the test app talks to the control device, not to the PnP one */
    status = HelloCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return STATUS_SUCCESS;
}

/* straight from the tutorial: one empty device object per devnode */
NTSTATUS
HelloEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    HELLO_LOG("EvtDeviceAdd");

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = HelloEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    return status;
}

/* the root device is going away: take the control device with it so the driver can unload */
VOID
HelloEvtDeviceCleanup(
    _In_ WDFOBJECT Device
    )
{
    UNREFERENCED_PARAMETER(Device);

    if (g_ControlDevice != NULL) {
        WdfObjectDelete(g_ControlDevice);
        g_ControlDevice = NULL;
    }
}

VOID
HelloEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    HELLO_LOG("unload");
}
