/*
 * kmdfsensor - non-PnP KMDF driver: process counters + registry self-protection
 *
 * Parameters (optional, HKLM\...\Services\KmdfSensor\Parameters):
 *   Verbose             REG_DWORD   log every process start
 *   BlockRegistryTamper REG_DWORD   deny user-mode writes to our service key
 */
#include "kmdfsensor.h"

KS_GLOBALS g_Ks;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD KsEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KsEvtDriverUnload)
#endif

static NTSTATUS
KsLoadConfig(_In_ WDFDRIVER Driver)
{
    NTSTATUS status;
    WDFKEY key;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(verboseName, L"Verbose");
    DECLARE_CONST_UNICODE_STRING(blockName, L"BlockRegistryTamper");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfRegistryQueryULong(key, &verboseName, &value);
    if (NT_SUCCESS(status)) {
        g_Ks.Verbose = value;
    }

    status = WdfRegistryQueryULong(key, &blockName, &value);
    if (NT_SUCCESS(status)) {
        g_Ks.BlockRegistryTamper = value;
    }

    WdfRegistryClose(key);
    return status;
}

VOID
KsEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFO, TRACE_DRIVER, "unload: %d starts, %d blocked",
                g_Ks.Counters.ProcessStarts, g_Ks.Counters.RegistryBlocked);

    KsSensorStop();
    KsDeleteControlDevice();
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    TraceEvents(TRACE_LEVEL_INFO, TRACE_DRIVER, "DriverEntry %wZ", RegistryPath);

    RtlZeroMemory(&g_Ks, sizeof(g_Ks));
    g_Ks.BlockRegistryTamper = 1;      /* default on */

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = KsEvtDriverUnload;
    config.DriverPoolTag = KS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = KsCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = KsSensorStart(WdfDriverWdmGetDriverObject(driver));
    if (!NT_SUCCESS(status)) {
        KsDeleteControlDevice();
        return status;
    }

    /*
     * sensors run with the defaults above until the config is read; the
     * Parameters key is optional so a missing key/value is not an error
     */
    status = KsLoadConfig(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_INFO, TRACE_DRIVER, "no config (0x%08X), using defaults", status);
    }

    return status;
}
