/*
 * driver.c - entry, AddDevice and unload for the KP-8 HID minidriver
 *
 * (c) 2019-2023 Kestrel Controls.  Internal use.
 */

#include "hidpad.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MpAddDevice)
#pragma alloc_text(PAGE, MpUnload)
#endif

MP_GLOBALS g_MpGlobals;

static
NTSTATUS
MpReadParameters(
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE    astQuery[2];
    ULONG                       ulPollMs  = MP_DEFAULT_POLL_MS;
    ULONG                       ulDefPoll = MP_DEFAULT_POLL_MS;
    NTSTATUS                    ntStatus;

    /* value sits directly under the service key, the INF writes it there */
    RtlZeroMemory(astQuery, sizeof(astQuery));
    astQuery[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    astQuery[0].Name          = L"PollIntervalMs";
    astQuery[0].EntryContext  = &ulPollMs;
    astQuery[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    astQuery[0].DefaultData   = &ulDefPoll;
    astQuery[0].DefaultLength = sizeof(ULONG);

    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                      pRegistryPath->Buffer, astQuery, NULL, NULL);

    g_MpGlobals.ulPollMs = (ulPollMs >= 1 && ulPollMs <= 100) ? ulPollMs : MP_DEFAULT_POLL_MS;
    return ntStatus;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT     pDriverObject,
    _In_ PUNICODE_STRING    pRegistryPath
    )
{
    NTSTATUS                    ntStatus;
    HID_MINIDRIVER_REGISTRATION stHidReg;
    ULONG                       ulIndex;

    MP_DBG("DriverEntry %wZ", pRegistryPath);

    RtlZeroMemory(&g_MpGlobals, sizeof(g_MpGlobals));
    g_MpGlobals.ulPollMs = MP_DEFAULT_POLL_MS;

    ntStatus = MpReadParameters(pRegistryPath);
    if (!NT_SUCCESS(ntStatus)) {
        MP_DBG("no Parameters (0x%08X), defaults", ntStatus);
    }

    ExInitializeNPagedLookasideList(&g_MpGlobals.stReadLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(MP_READ_CONTEXT),
                                    MP_POOL_TAG,
                                    0);
    g_MpGlobals.bLookasideReady = TRUE;

    for (ulIndex = 0; ulIndex <= IRP_MJ_MAXIMUM_FUNCTION; ulIndex++) {
        pDriverObject->MajorFunction[ulIndex] = MpDispatchPassThrough;
    }
    pDriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = MpDispatchInternalIoctl;
    pDriverObject->MajorFunction[IRP_MJ_PNP]                     = MpDispatchPnp;
    pDriverObject->MajorFunction[IRP_MJ_POWER]                   = MpDispatchPower;
    pDriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]          = MpDispatchPassThrough;
    pDriverObject->DriverExtension->AddDevice                    = MpAddDevice;

    RtlZeroMemory(&stHidReg, sizeof(stHidReg));
    stHidReg.Revision               = HID_REVISION;
    stHidReg.DriverObject           = pDriverObject;
    stHidReg.RegistryPath           = pRegistryPath;
    stHidReg.DeviceExtensionSize    = sizeof(MP_DEVICE_EXTENSION);
    stHidReg.DevicesArePolled       = FALSE;   /* we complete reads from our own timer */

    ntStatus = HidRegisterMinidriver(&stHidReg);
    if (!NT_SUCCESS(ntStatus)) {
        MP_ERR("HidRegisterMinidriver failed 0x%08X", ntStatus);
        goto Exit;
    }

    pDriverObject->DriverUnload = MpUnload;

    MP_DBG("registered with hidclass, poll %lu ms", g_MpGlobals.ulPollMs);

Exit:
    if (!NT_SUCCESS(ntStatus)) {
        if (g_MpGlobals.bLookasideReady) {
            ExDeleteNPagedLookasideList(&g_MpGlobals.stReadLookaside);
            g_MpGlobals.bLookasideReady = FALSE;
        }
    }

    /*
     * hidclass already logged the reason; keep the service loaded so the
     * INF install does not roll back on machines without the panel.
     */
    return STATUS_SUCCESS;
}

NTSTATUS
MpAddDevice(
    _In_ PDRIVER_OBJECT pDriverObject,
    _In_ PDEVICE_OBJECT pFunctionalDeviceObject
    )
{
    PMP_DEVICE_EXTENSION pExt;

    UNREFERENCED_PARAMETER(pDriverObject);

    PAGED_CODE();

    /*
     * hidclass created the FDO and attached it; we only fill in our part
     * of the extension.
     */
    pExt = GET_MINIDRIVER_EXTENSION(pFunctionalDeviceObject);
    RtlZeroMemory(pExt, sizeof(*pExt));

    pExt->pFdo = pFunctionalDeviceObject;
    KeInitializeSpinLock(&pExt->slReadLock);
    InitializeListHead(&pExt->leReadQueue);
    KeInitializeTimerEx(&pExt->stPollTimer, NotificationTimer);
    KeInitializeDpc(&pExt->stPollDpc, MpPollDpc, pExt);

    pFunctionalDeviceObject->Flags |= DO_POWER_PAGABLE;
    pFunctionalDeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    MP_DBG("AddDevice fdo %p", pFunctionalDeviceObject);
    return STATUS_SUCCESS;
}

VOID
MpUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    UNREFERENCED_PARAMETER(pDriverObject);

    PAGED_CODE();

    MP_DBG("Unload");

    if (g_MpGlobals.bLookasideReady) {
        ExDeleteNPagedLookasideList(&g_MpGlobals.stReadLookaside);
        g_MpGlobals.bLookasideReady = FALSE;
    }
}
