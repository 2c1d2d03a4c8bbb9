/*
 * driver.c - DriverEntry and unload of ThreadAudit.
 */
#include "taudit.h"

TA_GLOBALS g_Ta;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TaUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    RtlZeroMemory(&g_Ta, sizeof(g_Ta));

    TaReadConfig(RegistryPath, &g_Ta.Config);
    TaEventsInitialize();

    status = TaCreateDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        TaEventsUninitialize();
        return status;
    }

    status = TaRegisterNotifications();
    if (!NT_SUCCESS(status)) {
        TaDeleteDevice();
        TaEventsUninitialize();
        return status;
    }

    DriverObject->DriverUnload = TaUnload;

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "threadaudit: loaded, notifications 0x%x\n", g_Ta.Registered);
    return STATUS_SUCCESS;
}

VOID
TaUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    TaUnregisterNotifications();
    TaDeleteDevice();
    TaEventsUninitialize();

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "threadaudit: unloaded, %u events dropped\n", g_Ta.Dropped);
}
