/*
 * driver.c - DriverEntry / unload for LedBar.
 */
#include "ledbar.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD LedBarEvtDriverUnload;

PLED_DEFAULTS g_LedDefaults = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LedBarEvtDriverUnload)
#endif

static VOID
LedBarReadDefaults(
    _In_ PUNICODE_STRING RegistryPath,
    _Inout_ PLED_DEFAULTS Defaults
    )
{
    RTL_QUERY_REGISTRY_TABLE table[4];
    NTSTATUS status;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name         = L"Brightness";
    table[0].EntryContext = &Defaults->Brightness;
    table[0].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name         = L"BlinkPeriodMs";
    table[1].EntryContext = &Defaults->BlinkPeriodMs;
    table[1].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    table[2].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name         = L"StartPattern";
    table[2].EntryContext = &Defaults->StartPattern;
    table[2].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedBar: no registry overrides (0x%08X)\n", status));
    }

    if (Defaults->Brightness > 255) {
        Defaults->Brightness = 255;
    }
    if (Defaults->BlinkPeriodMs < LED_MIN_BLINK_MS) {
        Defaults->BlinkPeriodMs = LED_MIN_BLINK_MS;
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;

    KdPrint(("LedBar: built %s %s\n", __DATE__, __TIME__));

    g_LedDefaults = (PLED_DEFAULTS)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                         sizeof(LED_DEFAULTS),
                                                         LED_POOL_TAG);
    RtlZeroMemory(g_LedDefaults, sizeof(LED_DEFAULTS));
    if (g_LedDefaults == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    g_LedDefaults->Brightness    = LED_DEFAULT_BRIGHTNESS;
    g_LedDefaults->BlinkPeriodMs = LED_DEFAULT_BLINK_MS;
    g_LedDefaults->StartPattern  = 0x01;
    LedBarReadDefaults(RegistryPath, g_LedDefaults);

    WDF_DRIVER_CONFIG_INIT(&config, LedBarEvtDeviceAdd);
    config.EvtDriverUnload = LedBarEvtDriverUnload;
    config.DriverPoolTag   = LED_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedBar: WdfDriverCreate failed 0x%08X\n", status));
        ExFreePoolWithTag(g_LedDefaults, LED_POOL_TAG);
        g_LedDefaults = NULL;
    }

    return STATUS_SUCCESS;
}

VOID
LedBarEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    if (g_LedDefaults != NULL) {
        ExFreePoolWithTag(g_LedDefaults, LED_POOL_TAG);
        g_LedDefaults = NULL;
    }
    KdPrint(("LedBar: unloaded\n"));
}
