/*
 * lwfunload.c - NDIS 6 lightweight filter that keeps its filter modules on a
 * global list under an NDIS spin lock: FilterAttach inserts each module,
 * FilterDetach removes it. The list and its lock are set up before the
 * filter is registered, since NDIS may call FilterAttach at any time once
 * FilterSetOptions, called as the filter registers, has returned.
 * Its unload routine frees the lock before it deregisters the filter, whose
 * FilterDetach calls, made as NdisFDeregisterFilterDriver detaches each
 * module, still take it.
 */

#include <ndis.h>

#define LM_TAG 'doML'

typedef struct _LM_MODULE {
    LIST_ENTRY  Link;
    NDIS_HANDLE FilterHandle;
} LM_MODULE, *PLM_MODULE;

static LIST_ENTRY    LmModules;
static NDIS_SPIN_LOCK LmModulesLock;
static NDIS_HANDLE   LmDriverHandle;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LmUnload;
FILTER_ATTACH LmAttach;
FILTER_DETACH LmDetach;
FILTER_RESTART LmRestart;
FILTER_PAUSE LmPause;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(                                                // expect-entry: ndis-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(L"Module List Filter");
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(L"{6F1A2B3C-4D5E-4F60-8172-93A4B5C6D7E8}");
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(L"LwfMods");
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    InitializeListHead(&LmModules);
    NdisAllocateSpinLock(&LmModulesLock);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type      = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Revision  = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size      = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion = 6;
    fChars.MinorNdisVersion = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 0;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName   = uniqueName;
    fChars.ServiceName  = serviceName;
    fChars.AttachHandler  = LmAttach;
    fChars.DetachHandler  = LmDetach;
    fChars.RestartHandler = LmRestart;
    fChars.PauseHandler   = LmPause;

    DriverObject->DriverUnload = LmUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fChars, &LmDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&LmModulesLock);
        return status;
    }
    return STATUS_SUCCESS;
}

VOID
LmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFreeSpinLock(&LmModulesLock);                       // expect: DE022
    NdisFDeregisterFilterDriver(LmDriverHandle);
}

NDIS_STATUS
LmAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PLM_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    module = (PLM_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(*module), LM_TAG,
                                                           NormalPoolPriority);
    if (module == NULL)
        return NDIS_STATUS_RESOURCES;
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    status = NdisFSetAttributes(NdisFilterHandle, module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, LM_TAG);
        return status;
    }

    NdisAcquireSpinLock(&LmModulesLock);
    InsertTailList(&LmModules, &module->Link);
    NdisReleaseSpinLock(&LmModulesLock);
    return NDIS_STATUS_SUCCESS;
}

VOID
LmDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLM_MODULE module = (PLM_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&LmModulesLock);
    RemoveEntryList(&module->Link);
    NdisReleaseSpinLock(&LmModulesLock);
    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, LM_TAG);
}

NDIS_STATUS
LmRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LmPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}
