#include <initguid.h>
#include "usbpass.h"

UP_GLOBALS g_up;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attr;
    WDFDRIVER driver;
    NTSTATUS status;

    UP_LOG("DriverEntry (%s %s)", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, UpEvtDeviceAdd);
    config.EvtDriverUnload = UpEvtDriverUnload;
    config.DriverPoolTag   = UP_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.EvtCleanupCallback = UpEvtDriverCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attr, &config, &driver);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    /* both hang off the driver object, so the framework frees them */
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = driver;

    status = WdfCollectionCreate(&attr, &g_up.Devices);
    status = WdfWaitLockCreate(&attr, &g_up.DevicesLock);
    if (!NT_SUCCESS(status)) {
        UP_LOG("global objects: 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID UpEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    UP_LOG("unload%s", "");
}

VOID UpEvtDriverCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    /* the control device is gone with the last device; nothing else to do */
    ASSERT(g_up.Control == NULL);
}
