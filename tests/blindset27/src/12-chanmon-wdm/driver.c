/*
 * driver.c - ChanMon DriverEntry and Unload.
 */
#include "chanmon.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     CmUnload;

CM_STATE g_Cm;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CmUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Cm, sizeof(g_Cm));

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = CmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = CmDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = CmDispatchRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CmDispatchIoctl;

    /* All channels or none: CmCreateChannels unwinds its own partial work. */
    CM_CHECK(CmCreateChannels(DriverObject), Exit);

    /* Worker thread + periodic timer; stops its own pieces on failure. */
    CM_CHECK(CmStartSampler(), DeleteChannels);

    DriverObject->DriverUnload = CmUnload;
    return STATUS_SUCCESS;

DeleteChannels:
    CmDeleteChannels();
Exit:
    return status;
}

VOID
CmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /*
     * The sampler writes into the channel extensions, so it has to be
     * completely stopped (timer, DPC, thread) before the devices go.
     */
    CmStopSampler();
    CmDeleteChannels();

    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "ChanMon: unloaded after %I64d ticks\n", g_Cm.Ticks);
}
