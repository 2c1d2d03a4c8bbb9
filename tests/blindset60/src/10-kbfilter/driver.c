/*
 * driver.c - KbFilter DriverEntry
 *
 * INF adds us as UpperFilters under the keyboard class key, so this is a
 * plain PnP filter: everything lives on the WDFDEVICE and goes away with it.
 */
#include "kbfilter.h"

ULONG g_StatsIntervalMs = KBF_DEFAULT_INTERVAL;

static VOID KbFilterReadSettings(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, KbFilterReadSettings)
#endif

//
// HKLM\...\Services\KbFilter\Parameters\StatsIntervalMs (DWORD), optional
//
static VOID
KbFilterReadSettings(
    _In_ WDFDRIVER Driver
    )
{
    WDFKEY   key = NULL;
    ULONG    value = 0;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(valueName, L"StatsIntervalMs");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: no Parameters key (0x%x), using defaults\n", status));
        return;
    }

    status = WdfRegistryQueryULong(key, &valueName, &value);
    if (NT_SUCCESS(status) && value >= KBF_MIN_INTERVAL && value <= KBF_MAX_INTERVAL) {
        g_StatsIntervalMs = value;
    }

    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    KdPrint(("KbFilter: DriverEntry (%s %s)\n", __DATE__, __TIME__));

    WDF_DRIVER_CONFIG_INIT(&config, KbFilter_EvtDeviceAdd);
    config.DriverPoolTag = KBF_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KbFilter: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    KbFilterReadSettings(driver);
    KdPrint(("KbFilter: stats every %u ms\n", g_StatsIntervalMs));

    return STATUS_SUCCESS;
}
