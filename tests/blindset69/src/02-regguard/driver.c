/*
 * regguard - denies writes under a configurable set of registry keys
 */
#include "regguard.h"

RG_GLOBALS g_Rg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RgUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#endif

VOID
RgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    if (g_Rg.Registered) {
        CmUnRegisterCallback(g_Rg.Cookie);
        g_Rg.Registered = FALSE;
    }

    ExAcquirePushLockExclusive(&g_Rg.Lock);
    RgFreeConfig();
    ExReleasePushLockExclusive(&g_Rg.Lock);

    RGLOG("unloaded, %ld operations blocked (config from %wZ)\n", g_Rg.Blocked, &g_Rg.ServiceKey);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);
    NTSTATUS status;

    RGLOG("DriverEntry %wZ\n", RegistryPath);

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));
    g_Rg.DriverObject = DriverObject;
    g_Rg.ServiceKey = *RegistryPath;

    status = CmRegisterCallbackEx(RgRegistryCallback, &altitude, DriverObject,
                                  NULL, &g_Rg.Cookie, NULL);
    if (!NT_SUCCESS(status)) {
        RGLOG("CmRegisterCallbackEx failed %08x\n", status);
        return status;
    }
    g_Rg.Registered = TRUE;

    ExInitializePushLock(&g_Rg.Lock);
    InitializeListHead(&g_Rg.Protected);

    status = RgLoadConfig();
    if (!NT_SUCCESS(status)) {
        RGLOG("RgLoadConfig failed %08x\n", status);
        CmUnRegisterCallback(g_Rg.Cookie);
        g_Rg.Registered = FALSE;
        RgFreeConfig();
        return status;
    }

    DriverObject->DriverUnload = RgUnload;
    RGLOG("%lu protected keys\n", g_Rg.ProtectedCount);
    return STATUS_SUCCESS;
}
