/*
 * driver.c - PagedDemo entry and unload
 */
#include "paged.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PdUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PdUnload)
#endif

PD_GLOBALS g_Pd;

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(&g_Pd, sizeof(g_Pd));
    g_Pd.DriverObject = DriverObject;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PdIoctl;

    status = PdRunInitSteps(DriverObject, RegistryPath);
    if (status < 0) {
        return status;          /* the steps already rolled themselves back */
    }

    DriverObject->DriverUnload = PdUnload;
    KdPrint(("PagedDemo: %lu device(s) up\n", g_Pd.Created));
    return STATUS_SUCCESS;
}

VOID PdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PdRunUndoSteps();
    KdPrint(("PagedDemo: unloaded\n"));
}
