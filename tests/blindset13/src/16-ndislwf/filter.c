/*
 * filter.c - DriverEntry, unload and the mandatory filter handlers.
 * Send/receive/OID handlers are left NULL, so NDIS routes traffic around us.
 */
#include "filter.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwfUnload;
FILTER_ATTACH LwfAttach;
FILTER_DETACH LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE LwfPause;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

LWF_GLOBALS g_Lwf;

NDIS_STATUS LwfAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                      PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PLWF_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LWF_MODULE),
                                                            LWF_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;
    module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = LwfPaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Lwf.Lock);
    InsertTailList(&g_Lwf.Modules, &module->Link);
    g_Lwf.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LWF_LOG("attached to ifindex %lu", module->MiniportIfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID LwfDetach(NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.Lock);
    RemoveEntryList(&module->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LWF_LOG("detached from ifindex %lu", module->MiniportIfIndex);
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS LwfRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);
    module->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LwfPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    /* nothing in flight of our own: traffic bypasses this filter */
    module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID LwfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    LwfDeregisterDevice();
    NdisFDeregisterFilterDriver(g_Lwf.FilterDriverHandle);
    NdisFreeSpinLock(&g_Lwf.Lock);
    LWF_LOG("unloaded%s", "");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS chars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    g_Lwf.DriverObject = DriverObject;
    NdisAllocateSpinLock(&g_Lwf.Lock);
    InitializeListHead(&g_Lwf.Modules);

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    chars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    chars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;
    chars.Flags = 0;
    chars.FriendlyName = friendlyName;
    chars.UniqueName = uniqueName;
    chars.ServiceName = serviceName;
    chars.AttachHandler = LwfAttach;
    chars.DetachHandler = LwfDetach;
    chars.RestartHandler = LwfRestart;
    chars.PauseHandler = LwfPause;

    /* NDIS wants the unload routine in place before registration */
    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &chars,
                                       &g_Lwf.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_LOG("NdisFRegisterFilterDriver failed 0x%08X", status);
        NdisFreeSpinLock(&g_Lwf.Lock);
        return status;
    }

    /* The control device is a convenience; run without it if it can't be made. */
    status = LwfRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_LOG("no control device (0x%08X), filtering anyway", status);
        g_Lwf.DeviceHandle = NULL;
    }

    return STATUS_SUCCESS;
}
