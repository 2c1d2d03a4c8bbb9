/*
 * driver.c - KmdfMon DriverEntry and driver-object callbacks.
 */
#include "driver.h"
#include "driver.tmh"

KM_GLOBALS g_Km;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KmEvtDriverUnload)
#pragma alloc_text(PAGE, KmEvtDriverContextCleanup)
#endif

static VOID
KmLoadConfig(_In_ WDFDRIVER Driver)
{
    WDFKEY key = NULL;
    ULONG  value;
    DECLARE_CONST_UNICODE_STRING(capacityName, L"Capacity");
    DECLARE_CONST_UNICODE_STRING(ignoreName, L"IgnoreSystem");

    g_Km.Capacity = KM_DEFAULT_CAPACITY;
    g_Km.IgnoreSystem = 1;

    WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &capacityName, &value)) &&
        value >= KM_MIN_CAPACITY && value <= KM_MAX_CAPACITY) {
        g_Km.Capacity = value;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &ignoreName, &value))) {
        g_Km.IgnoreSystem = value;
    }

    WdfRegistryClose(key);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "capacity %u ignoreSystem %u",
                g_Km.Capacity, g_Km.IgnoreSystem);
}

VOID
KmEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! records=%u dropped=%u",
                g_Km.RecordCount, g_Km.Dropped);

    InterlockedExchange(&g_Km.State, KmStateTearingDown);
    KmNotifyStop();

    if (g_Km.ControlDevice != NULL) {
        WdfObjectDelete(g_Km.ControlDevice);
        g_Km.ControlDevice = NULL;
    }
}

VOID
KmEvtDriverContextCleanup(_In_ WDFOBJECT DriverObject)
{
    PAGED_CODE();

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS              status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! built " __DATE__);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = KmEvtDriverUnload;
    config.DriverPoolTag    = KM_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = KmEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &g_Km.Driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    KmLoadConfig(g_Km.Driver);

    InitializeListHead(&g_Km.Records);
    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_Km.Lock);
    if (!NT_SUCCESS(status)) {
        /* the framework deletes the driver object (and runs our cleanup) on failure */
        return status;
    }

    status = KmCreateControlDevice(g_Km.Driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "control device %!STATUS!", status);
        return status;
    }

    status = KmNotifyStart();
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "process notify %!STATUS!", status);
        WdfObjectDelete(g_Km.ControlDevice);
        g_Km.ControlDevice = NULL;
        return status;
    }

    InterlockedExchange(&g_Km.State, KmStateCollecting);
    return STATUS_SUCCESS;
}
