/*
 * lockfirst.c - KMDF non-PnP driver for a sensor hub's control interface.
 * Its globals (a spin lock and a collection of open handles) are framework
 * objects, created by a helper before WdfDriverCreate has made the
 * framework driver object.
 */

#include <ntddk.h>
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD LfEvtDriverUnload;

static WDFSPINLOCK LfLock;
static WDFCOLLECTION LfHandles;

static NTSTATUS LfCreateGlobals(VOID)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    status = WdfSpinLockCreate(&attributes, &LfLock);  // expect: WDF010
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

    status = LfCreateGlobals();
    if (!NT_SUCCESS(status))
        return status;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = LfEvtDriverUnload;
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
}
