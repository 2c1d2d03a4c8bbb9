/*
 * lwfctxread.c - NDIS 6 lightweight filter whose driver-wide state is one
 * global, handed to NDIS as the filter driver context. FilterAttach reaches
 * the module list and its lock only through the context it is given
 * (`globals->ModulesLock`), the global's members all the same.
 *
 * BUG (DE014): the list and its lock are set up after NdisFRegisterFilterDriver,
 * which may call FilterAttach before it returns.
 */

#include <ndis.h>

#define LM_TAG 'cCML'

typedef struct _LM_MODULE {
    LIST_ENTRY  Link;
    NDIS_HANDLE FilterHandle;
    ULONG       FrameBudget;
} LM_MODULE, *PLM_MODULE;

#define LM_INIT_LOCK   0x1
#define LM_INIT_FILTER 0x2

typedef struct _LM_GLOBALS {
    LIST_ENTRY     Modules;
    NDIS_SPIN_LOCK ModulesLock;
    NDIS_HANDLE    DriverHandle;
    ULONG          InitMask;
    ULONG          FrameBudget;
} LM_GLOBALS, *PLM_GLOBALS;

static LM_GLOBALS g_Lm;

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
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(L"Context Check Filter");
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(L"{8E2B3C4D-5F60-4172-8394-A5B6C7D8E9F0}");
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(L"LwfCtxCmp");
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);


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

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)&g_Lm, &fChars, &g_Lm.DriverHandle); // expect: DE014
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&g_Lm.ModulesLock);
        return status;
    }
    InitializeListHead(&g_Lm.Modules);
    NdisAllocateSpinLock(&g_Lm.ModulesLock);
    g_Lm.InitMask |= LM_INIT_FILTER;
    return STATUS_SUCCESS;
}

VOID
LmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_Lm.InitMask & LM_INIT_FILTER) {
        NdisFDeregisterFilterDriver(g_Lm.DriverHandle);
    }
    if (g_Lm.InitMask & LM_INIT_LOCK) {
        NdisFreeSpinLock(&g_Lm.ModulesLock);
    }
}

NDIS_STATUS
LmAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PLM_GLOBALS globals = (PLM_GLOBALS)FilterDriverContext;
    NDIS_FILTER_ATTRIBUTES attributes;
    PLM_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(AttachParameters);


    module = (PLM_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(*module), LM_TAG,
                                                           NormalPoolPriority);
    if (module == NULL)
        return NDIS_STATUS_RESOURCES;
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;
    module->FrameBudget = g_Lm.FrameBudget;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    status = NdisFSetAttributes(NdisFilterHandle, module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, LM_TAG);
        return status;
    }

    NdisAcquireSpinLock(&globals->ModulesLock);
    InsertTailList(&globals->Modules, &module->Link);
    NdisReleaseSpinLock(&globals->ModulesLock);
    return NDIS_STATUS_SUCCESS;
}

VOID
LmDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLM_MODULE module = (PLM_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lm.ModulesLock);
    RemoveEntryList(&module->Link);
    NdisReleaseSpinLock(&g_Lm.ModulesLock);
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
