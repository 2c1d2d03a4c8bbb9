/*++
    driver.c - DriverEntry and driver-object callbacks for the UT-100.
    Copyright (c) Tempora Instruments s.r.o.  Kernel mode, KMDF 1.15
--*/

#include "usbthermo.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (INIT, DriverEntry)
#pragma alloc_text (PAGE, UtEvtDriverUnload)
#pragma alloc_text (PAGE, UtEvtDriverContextCleanup)
#endif

UT_GLOBALS g_UtGlobals;

//
// Linear Type-K approximation (~41 uV/C, 20 C per table step) until the
// per-probe EEPROM table has been read by the service.
//
VOID
UtLoadDefaultCalibration(_Out_writes_(UT_CHANNEL_COUNT * UT_CAL_POINTS) PLONG plTable)
{
    ULONG ulIndex;

    for (ulIndex = 0; ulIndex < UT_CHANNEL_COUNT * UT_CAL_POINTS; ulIndex++) {
        plTable[ulIndex] = (LONG)(ulIndex % UT_CAL_POINTS) * 20000;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS                ntStatus = STATUS_SUCCESS;
    WDF_DRIVER_CONFIG       stConfig;
    WDF_OBJECT_ATTRIBUTES   stAttributes;

    //
    // Initialize WPP Tracing
    //
    WPP_INIT_TRACING(pDriverObject, pRegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "UT-100 driver v%08X", UT_DRIVER_VERSION);

    RtlZeroMemory(&g_UtGlobals, sizeof(g_UtGlobals));
    g_UtGlobals.ulPollMs = UT_DEFAULT_POLL_MS;

    //
    // The calibration table is shared by every adapter on the system and
    // is touched from the reader completion at DISPATCH_LEVEL, so it has
    // to come from non-paged pool.
    //
    g_UtGlobals.plCalTable = (PLONG)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                    UT_CAL_TABLE_BYTES,
                                                    UT_POOL_TAG);
    if (NULL == g_UtGlobals.plCalTable) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "calibration table allocation failed");
        WPP_CLEANUP(pDriverObject);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    UtLoadDefaultCalibration(g_UtGlobals.plCalTable);

    //
    // Register a cleanup callback so that we can call WPP_CLEANUP when
    // the framework driver object is deleted during driver unload.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&stAttributes);
    stAttributes.EvtCleanupCallback = UtEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&stConfig, UtEvtDeviceAdd);
    stConfig.EvtDriverUnload = UtEvtDriverUnload;
    stConfig.DriverPoolTag   = UT_POOL_TAG;

    ntStatus = WdfDriverCreate(pDriverObject,
                               pRegistryPath,
                               &stAttributes,
                               &stConfig,
                               WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "WdfDriverCreate failed %!STATUS!", ntStatus);
        ExFreePoolWithTag(g_UtGlobals.plCalTable, UT_POOL_TAG);
        g_UtGlobals.plCalTable = NULL;
        return ntStatus;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "DriverEntry done, poll %u ms", g_UtGlobals.ulPollMs);

    return ntStatus;
}

VOID
UtEvtDriverUnload(
    _In_ WDFDRIVER hDriver
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(hDriver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "UtEvtDriverUnload, %u adapters seen",
                g_UtGlobals.ulDeviceCount);

    //
    // Everything else hangs off the WDFDRIVER and is released by the
    // framework when the driver object goes away.
    //
    g_UtGlobals.ulDeviceCount = 0;
}

VOID
UtEvtDriverContextCleanup(
    _In_ WDFOBJECT hDriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // Stop WPP Tracing
    //
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)hDriverObject));
}
