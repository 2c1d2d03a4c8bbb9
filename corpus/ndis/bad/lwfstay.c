/*
 * lwfstay.c - NDIS 6 lightweight filter that counts received frames per
 * adapter.
 *
 * BUG (DE011): its unload routine only logs: the filter stays registered with
 * NDIS, which attaches it to the next adapter with handlers in the unloaded
 * image. FilterDriverUnload must call NdisFDeregisterFilterDriver.
 */

#include <ndis.h>

#define LSC_TAG             'CxRf'
#define LSC_FRIENDLY_NAME   L"RxCount NDIS Filter"
#define LSC_UNIQUE_NAME     L"{B5C71E02-4D8A-4F36-9E1B-7A20C4D3F5A9}"
#define LSC_SERVICE_NAME    L"RxCount"

typedef struct _LSC_MODULE {
    NDIS_HANDLE FilterHandle;
    LONG64      FramesReceived;
    BOOLEAN     Running;
} LSC_MODULE, *PLSC_MODULE;

static NDIS_HANDLE LscDriverHandle;
static NDIS_HANDLE LscDriverContext;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LscUnload;

static NDIS_STATUS LscAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
static VOID LscDetach(NDIS_HANDLE FilterModuleContext);
static NDIS_STATUS LscRestart(NDIS_HANDLE FilterModuleContext,
                              PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
static NDIS_STATUS LscPause(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
static VOID LscReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext,
                                     PNET_BUFFER_LIST NetBufferLists,
                                     NDIS_PORT_NUMBER PortNumber,
                                     ULONG NumberOfNetBufferLists,
                                     ULONG ReceiveFlags);

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(                                                // expect-entry: ndis-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LSC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LSC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LSC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;

    fChars.MajorNdisVersion   = 6;
    fChars.MinorNdisVersion   = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 2;
    fChars.Flags              = 0;

    fChars.FriendlyName = friendlyName;
    fChars.UniqueName   = uniqueName;
    fChars.ServiceName  = serviceName;

    fChars.AttachHandler                = LscAttach;
    fChars.DetachHandler                = LscDetach;
    fChars.RestartHandler               = LscRestart;
    fChars.PauseHandler                 = LscPause;
    fChars.ReceiveNetBufferListsHandler = LscReceiveNetBufferLists;

    /* Filters own their DriverUnload; NDIS does not install one. */
    DriverObject->DriverUnload = LscUnload;

    LscDriverContext = (NDIS_HANDLE)DriverObject;
    status = NdisFRegisterFilterDriver(DriverObject, LscDriverContext, &fChars, &LscDriverHandle); // expect: DE011
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "rxcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
LscUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "lwfstay: unloading\n");
}

static NDIS_STATUS
LscAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PLSC_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    module = (PLSC_MODULE)NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(LSC_MODULE), LSC_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, LSC_TAG);
    }
    return status;
}

static VOID
LscDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLSC_MODULE module = (PLSC_MODULE)FilterModuleContext;

    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, LSC_TAG);
}

static NDIS_STATUS
LscRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PLSC_MODULE)FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
LscPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PLSC_MODULE)FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

static VOID
LscReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PLSC_MODULE module = (PLSC_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->FramesReceived, NumberOfNetBufferLists);

    /* Monitoring only: pass everything up unchanged. */
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
