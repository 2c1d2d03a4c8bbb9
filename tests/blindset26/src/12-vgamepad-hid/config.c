/*++

Module Name:    config.c

Abstract:       Driver-wide state of VGamepad: a private copy of the service
                key path and the tunables under <service key>\Parameters.
--*/

#include "vgamepad.h"

VGP_GLOBALS g_Vgp;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, VgpGlobalsInitialize)
#pragma alloc_text(PAGE, VgpGlobalsCleanup)
#endif

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
VgpGlobalsInitialize(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    WCHAR path[260];
    ULONG interval = VGP_DEFAULT_INTERVAL_MS;
    ULONG defInterval = VGP_DEFAULT_INTERVAL_MS;
    USHORT size;

    RtlZeroMemory(&g_Vgp, sizeof(g_Vgp));
    g_Vgp.IntervalMs = VGP_DEFAULT_INTERVAL_MS;
    g_Vgp.VendorId = VGP_DEFAULT_VENDOR_ID;
    g_Vgp.ProductId = VGP_DEFAULT_PRODUCT_ID;

    size = RegistryPath->Length + sizeof(UNICODE_NULL);
    if (size < RegistryPath->Length) {
        return STATUS_INVALID_PARAMETER;
    }

    g_Vgp.RegistryPath.Buffer = (PWCH)ExAllocatePoolZero(PagedPool, size, VGP_POOL_TAG);
    if (g_Vgp.RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_Vgp.RegistryPath.MaximumLength = size;
    RtlCopyUnicodeString(&g_Vgp.RegistryPath, RegistryPath);

    //
    // Optional: a missing Parameters key or value keeps the default.
    //
    if (NT_SUCCESS(RtlStringCchPrintfW(path, ARRAYSIZE(path), L"%wZ\\Parameters", &g_Vgp.RegistryPath))) {
        RtlZeroMemory(table, sizeof(table));
        table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
        table[0].Name = L"ReportIntervalMs";
        table[0].EntryContext = &interval;
        table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
        table[0].DefaultData = &defInterval;
        table[0].DefaultLength = sizeof(ULONG);
        (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL, path, table, NULL, NULL);
    }
    if (interval >= VGP_MIN_INTERVAL_MS && interval <= VGP_MAX_INTERVAL_MS) {
        g_Vgp.IntervalMs = interval;
    }

    g_Vgp.Initialized = TRUE;
    VgpInfo("interval %lu ms, VID %04X PID %04X", g_Vgp.IntervalMs, g_Vgp.VendorId, g_Vgp.ProductId);
    return STATUS_SUCCESS;
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID
VgpGlobalsCleanup(
    VOID
    )
{
    PAGED_CODE();

    // Safe on a partially initialized or already cleaned block.
    if (g_Vgp.RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(g_Vgp.RegistryPath.Buffer, VGP_POOL_TAG);
        RtlZeroMemory(&g_Vgp.RegistryPath, sizeof(g_Vgp.RegistryPath));
    }
    g_Vgp.Initialized = FALSE;
}
