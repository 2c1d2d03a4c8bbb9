/*
 * usbthermo - KMDF function driver for the "ThermoStick" USB temperature /
 * humidity probe (VID 16C0 PID 05DF, vendor firmware 1.3+).
 *
 * The stick pushes an 8 byte report on EP1 IN every 250 ms.  We keep a
 * continuous reader on that pipe and hand the latest sample (and a small
 * history ring) to user mode through two IOCTLs.
 */
#include "driver.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ThermoEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    NTSTATUS                status;

    //
    // Tracing first so that everything below can log.
    //
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "usbthermo built %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = ThermoEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, ThermoEvtDeviceAdd);
    config.DriverPoolTag = THERMO_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry done");
    return STATUS_SUCCESS;
}

VOID
ThermoEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver cleanup");

    //
    // Stop WPP Tracing
    //
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
