/*
 * vlux.sys - virtual ambient light sensor.  Replays a 24 point daylight curve
 * (optionally from the registry) so the auto-brightness service can be tested
 * on desktops without a real ALS.
 */
#include "vlux.h"

VLUX_GLOBALS g_Vlux;

static const ULONG DefaultCurve[VLUX_CURVE_POINTS] = {
    0, 0, 0, 0, 0, 5, 40, 150, 400, 800, 1200, 1500,
    1600, 1500, 1300, 1000, 700, 400, 150, 40, 5, 0, 0, 0
};

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VluxLoadCurve)
#pragma alloc_text(PAGE, VluxEvtDriverUnload)
#pragma alloc_text(PAGE, VluxFreeGlobals)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    RtlZeroMemory(&g_Vlux, sizeof(g_Vlux));

    /* RegistryPath is only valid during DriverEntry: keep a copy */
    g_Vlux.ServiceKey.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    g_Vlux.ServiceKey.Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                     g_Vlux.ServiceKey.MaximumLength,
                                                     VLUX_TAG);
    if (g_Vlux.ServiceKey.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&g_Vlux.ServiceKey, RegistryPath);

    status = VluxLoadCurve();
    if (!NT_SUCCESS(status)) {
        VLUX_ERR("curve %08x", status);
        goto fail;
    }

    WDF_DRIVER_CONFIG_INIT(&config, VluxEvtDeviceAdd);
    config.EvtDriverUnload = VluxEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VLUX_ERR("WdfDriverCreate %08x", status);
        goto fail;
    }

    VLUX_INFO("loaded, noon = %lu lux", g_Vlux.Curve[12]);
    return STATUS_SUCCESS;

fail:
    VluxFreeGlobals();
    return status;
}

NTSTATUS
VluxLoadCurve(
    VOID
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG raw[VLUX_CURVE_POINTS];
    ULONG i;
    NTSTATUS status;

    g_Vlux.Curve = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                           sizeof(ULONG) * VLUX_CURVE_POINTS, VLUX_TAG);
    if (g_Vlux.Curve == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_Vlux.Curve, DefaultCurve, sizeof(DefaultCurve));

    /*
     * Optional REG_BINARY "Curve" (24 DWORDs) under the service key.  With
     * RTL_QUERY_REGISTRY_DIRECT a binary value is copied into the buffer when
     * the first ULONG holds its negative size.
     */
    RtlZeroMemory(table, sizeof(table));
    RtlZeroMemory(raw, sizeof(raw));
    raw[0] = (ULONG)-(LONG)sizeof(raw);
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"Curve";
    table[0].EntryContext = raw;
    table[0].DefaultType = (REG_BINARY << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    g_Vlux.ServiceKey.Buffer, table, NULL, NULL);
    if (NT_SUCCESS(status) && raw[0] != (ULONG)-(LONG)sizeof(raw)) {
        for (i = 0; i < VLUX_CURVE_POINTS; i++) {
            g_Vlux.Curve[i] = min(raw[i], 100000);
        }
        VLUX_INFO("custom curve loaded");
    }

    /* a missing value is not an error */
    return STATUS_SUCCESS;
}

VOID
VluxFreeGlobals(
    VOID
    )
{
    PAGED_CODE();

    if (g_Vlux.Curve != NULL) {
        ExFreePoolWithTag(g_Vlux.Curve, VLUX_TAG);
        g_Vlux.Curve = NULL;
    }
    if (g_Vlux.ServiceKey.Buffer != NULL) {
        ExFreePoolWithTag(g_Vlux.ServiceKey.Buffer, VLUX_TAG);
        RtlInitEmptyUnicodeString(&g_Vlux.ServiceKey, NULL, 0);
    }
}

VOID
VluxEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /* every device (and its timer) is gone before we get here */
    VluxFreeGlobals();
    VLUX_INFO("unloaded");
}
