/*
 * lockfirst.c - KMDF non-PnP driver for a sensor hub's control interface.
 * Its globals (a spin lock and a collection of open handles) are framework
 * objects created by a helper once WdfDriverCreate has made the framework
 * driver object, their parent.
 * Conforming: no WDF010.
 */

#include <ntddk.h>
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD LfEvtDriverUnload;

static WDFSPINLOCK LfLock;
static WDFCOLLECTION LfHandles;

static NTSTATUS LfCreateGlobals(WDFDRIVER Driver)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;
    status = WdfSpinLockCreate(&attributes, &LfLock);
    if (!NT_SUCCESS(status))
        return status;
    return WdfCollectionCreate(&attributes, &LfHandles);
}

VOID LfEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = LfEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status))
        return status;
    return LfCreateGlobals(driver);
}
