/*
 * filter.c - DriverEntry, unload and the filter module state machine
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 */
#include "precomp.h"

PM_GLOBALS g_Pm;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma alloc_text(PAGE, PmUnload)

/*
 * Undo whatever DriverEntry managed to set up, newest first. Used both by a
 * failing DriverEntry and by PmUnload, so every step checks its InitState bit.
 */
static VOID PmTeardown(VOID)
{
    if (g_Pm.InitState & PM_INIT_DEVICE) {
        PmDeregisterDevice();
        g_Pm.InitState &= ~PM_INIT_DEVICE;
    }
    if (g_Pm.InitState & PM_INIT_FILTER) {
        /* blocks until NDIS has detached every filter module */
        NdisFDeregisterFilterDriver(g_Pm.FilterDriverHandle);
        g_Pm.FilterDriverHandle = NULL;
        g_Pm.InitState &= ~PM_INIT_FILTER;
    }
    NT_ASSERT(IsListEmpty(&g_Pm.ModuleList));
    if (g_Pm.InitState & PM_INIT_CONFIG) {
        PmFreeConfig(g_Pm.Config);
        g_Pm.Config = NULL;
        g_Pm.InitState &= ~PM_INIT_CONFIG;
    }
    if (g_Pm.InitState & PM_INIT_LOCK) {
        NdisFreeSpinLock(&g_Pm.Lock);
        g_Pm.InitState &= ~PM_INIT_LOCK;
    }
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(PM_SERVICE_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(PM_UNIQUE_NAME);
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PM_FRIENDLY_NAME);

    NdisZeroMemory(&g_Pm, sizeof(g_Pm));
    g_Pm.FilterDriverContext = (NDIS_HANDLE)DriverObject;
    InitializeListHead(&g_Pm.ModuleList);

    NdisAllocateSpinLock(&g_Pm.Lock);
    g_Pm.InitState |= PM_INIT_LOCK;

    status = PmReadConfig(RegistryPath, &g_Pm.Config);
    if (!NT_SUCCESS(status)) {
        PM_TRACE(PM_LEVEL_ERROR, "PmReadConfig failed 0x%08X", status);
        goto Exit;
    }
    g_Pm.InitState |= PM_INIT_CONFIG;

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion = PM_NDIS_MAJOR_VERSION;
    fChars.MinorNdisVersion = PM_NDIS_MINOR_VERSION;
    fChars.MajorDriverVersion = PM_DRIVER_MAJOR_VERSION;
    fChars.MinorDriverVersion = PM_DRIVER_MINOR_VERSION;
    fChars.Flags = 0;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName = uniqueName;
    fChars.ServiceName = serviceName;
    fChars.AttachHandler = PmFilterAttach;
    fChars.DetachHandler = PmFilterDetach;
    fChars.RestartHandler = PmFilterRestart;
    fChars.PauseHandler = PmFilterPause;
    fChars.SendNetBufferListsHandler = PmSendNetBufferLists;
    fChars.SendNetBufferListsCompleteHandler = PmSendNetBufferListsComplete;
    fChars.ReceiveNetBufferListsHandler = PmReceiveNetBufferLists;
    fChars.ReturnNetBufferListsHandler = PmReturnNetBufferLists;
    /* OID, status and PnP handlers stay NULL: NDIS forwards those for us */

    DriverObject->DriverUnload = PmUnload;

    status = NdisFRegisterFilterDriver(DriverObject, g_Pm.FilterDriverContext, &fChars,
                                       &g_Pm.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        PM_TRACE(PM_LEVEL_ERROR, "NdisFRegisterFilterDriver failed 0x%08X", status);
        goto Exit;
    }
    g_Pm.InitState |= PM_INIT_FILTER;

    status = PmRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        PM_TRACE(PM_LEVEL_ERROR, "PmRegisterDevice failed 0x%08X", status);
        goto Exit;
    }
    g_Pm.InitState |= PM_INIT_DEVICE;

Exit:
    if (status != NDIS_STATUS_SUCCESS) {
        PmTeardown();
    }
    return (NTSTATUS)status;
}

_Use_decl_annotations_
VOID PmUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PM_TRACE(PM_LEVEL_INFO, "unloading");
    PmTeardown();
}

_Use_decl_annotations_
NDIS_STATUS PmFilterAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                           PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    PPM_FILTER_MODULE module;
    NDIS_FILTER_ATTRIBUTES attributes;
    NDIS_STATUS status;

    if (FilterDriverContext != g_Pm.FilterDriverContext) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (g_Pm.Config->EthernetOnly && AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PPM_FILTER_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(PM_FILTER_MODULE),
                                                                  PM_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(PM_FILTER_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = PmModuleAttached;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        PM_TRACE(PM_LEVEL_ERROR, "NdisFSetAttributes failed 0x%08X", status);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    module->State = PmModulePaused;
    NdisAcquireSpinLock(&g_Pm.Lock);
    InsertTailList(&g_Pm.ModuleList, &module->Link);
    g_Pm.ModuleCount++;
    NdisReleaseSpinLock(&g_Pm.Lock);

    PM_TRACE(PM_LEVEL_INFO, "attached to ifindex %lu", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID PmFilterDetach(NDIS_HANDLE FilterModuleContext)
{
    PPM_FILTER_MODULE module = (PPM_FILTER_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Pm.Lock);
    RemoveEntryList(&module->Link);
    g_Pm.ModuleCount--;
    NdisReleaseSpinLock(&g_Pm.Lock);

    NdisFreeMemory(module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS PmFilterRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(RestartParameters);

    InterlockedExchange(&((PPM_FILTER_MODULE)FilterModuleContext)->State, PmModuleRunning);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS PmFilterPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(PauseParameters);

    /* PktMeter never originates or queues NBLs, so the pause completes synchronously */
    InterlockedExchange(&((PPM_FILTER_MODULE)FilterModuleContext)->State, PmModulePaused);
    return NDIS_STATUS_SUCCESS;
}
