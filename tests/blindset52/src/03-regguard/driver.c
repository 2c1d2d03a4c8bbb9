/*
 * driver.c - regguard entry / unload
 */
#include "regguard.h"

RG_GLOBALS g_Rg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     RgUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RgUnload)
#endif

VOID RgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    RgStopRegistryFilter();
    RgStopProcessWatch();

    RG_INFO("unloaded: %ld blocked, %ld allowed for launcher\n", g_Rg.Blocked, g_Rg.Allowed);
}

#if 0
/* debugging helper, too chatty to keep on */
static VOID RgDumpPath(PCUNICODE_STRING Path)
{
    USHORT i;
    for (i = 0; i < Path->Length / sizeof(WCHAR); i++) {
        DbgPrint("%wc", Path->Buffer[i]);
    }
    DbgPrint("\n");
}
#endif

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    USHORT i;

    RtlZeroMemory(&g_Rg, sizeof(g_Rg));
    g_Rg.Driver = DriverObject;
    DriverObject->DriverUnload = RgUnload;

    /* \Registry\Machine\System\CurrentControlSet\Services\<name>  ->  <name> */
    i = RegistryPath->Length / sizeof(WCHAR);
    while (i > 0 && RegistryPath->Buffer[i - 1] != L'\\') {
        i--;
    }
    g_Rg.ServiceName.Buffer = &RegistryPath->Buffer[i];
    g_Rg.ServiceName.Length = (USHORT)(RegistryPath->Length - i * sizeof(WCHAR));
    g_Rg.ServiceName.MaximumLength = g_Rg.ServiceName.Length;

    if (g_Rg.ServiceName.Length == 0) {
        RG_WARN("odd registry path %wZ\n", RegistryPath);
        return STATUS_OBJECT_NAME_INVALID;
    }
    RG_INFO("guarding service key '%wZ'\n", &g_Rg.ServiceName);

    status = RgStartRegistryFilter(DriverObject);
    CHECK_STATUS(status, "CmRegisterCallbackEx");

    status = RgStartProcessWatch();
    if (!NT_SUCCESS(status)) {
        RG_WARN("PsSetCreateProcessNotifyRoutineEx failed: 0x%08X\n", status);
        RgStopRegistryFilter();
        goto Exit;
    }

    RG_INFO("loaded\n");

Exit:
    return status;
}
