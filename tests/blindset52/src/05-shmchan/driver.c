/*
 * driver.c - shmchan entry / unload
 */
#include "shmchan.h"

SHM_STATE g_Shm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     ShmUnload;

VOID ShmUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* thread writes into the view, stop it before the view goes away */
    HbStop();
    ShmDestroy();

    SHM_DBG("unloaded\n");
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Shm, sizeof(g_Shm));

    status = ShmCreate();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = HbStart();
    if (!NT_SUCCESS(status)) {
        ShmDestroy();
        return status;
    }

    DriverObject->DriverUnload = ShmUnload;
    SHM_DBG("up, heartbeat every %d ms\n", HB_PERIOD_MS);
    return STATUS_SUCCESS;
}
