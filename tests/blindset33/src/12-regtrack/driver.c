/*++
Module Name:
    driver.c

Abstract:
    DriverEntry / EvtDriverUnload for regtrack (KMDF, non-PnP).
--*/
#include "regtrack.h"

RT_GLOBALS g_Rt;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RtEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    RtlZeroMemory(&g_Rt, sizeof(g_Rt));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = RtEvtDriverUnload;
    config.DriverPoolTag = RT_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        RT_LOG("WdfDriverCreate: 0x%08X", status);
        return status;
    }

    status = RtControlDeviceCreate(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* counters are plain zeroed globals, nothing else to set up first */
    status = RtRegisterAll(DriverObject);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(g_Rt.ControlDevice);
        g_Rt.ControlDevice = NULL;
        return status;
    }

    RT_LOG("loaded");
    return STATUS_SUCCESS;
}

VOID
RtEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /* reverse order of registration; waits for in-flight callbacks */
    RtUnregisterAll();

    /* the control device of a non-PnP driver is deleted by the framework */
    RT_LOG("unloaded");
}
