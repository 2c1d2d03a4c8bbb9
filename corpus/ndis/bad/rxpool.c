/*
 * rxpool.c - NDIS 6 lightweight filter that counts received frames per
 * adapter in records of an NDIS lookaside list, in the version whose
 * failure path forgot the list.
 *
 * BUG (DE006): when NdisFRegisterFilterDriver fails, DriverEntry returns
 * without NdisDeleteNPagedLookasideList.
 */

#include <ndis.h>

#define RXC_TAG             'CxRf'
#define RXC_FRIENDLY_NAME   L"RxCount NDIS Filter"
#define RXC_UNIQUE_NAME     L"{B5C71E02-4D8A-4F36-9E1B-7A20C4D3F5A9}"
#define RXC_SERVICE_NAME    L"RxCount"

typedef struct _RXC_MODULE {
    NDIS_HANDLE FilterHandle;
    LONG64      FramesReceived;
    BOOLEAN     Running;
} RXC_MODULE, *PRXC_MODULE;

static NDIS_HANDLE RxcDriverHandle;
static NDIS_HANDLE RxcDriverContext;
static NPAGED_LOOKASIDE_LIST RxcModules;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RxcUnload;

static NDIS_STATUS RxcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
static VOID RxcDetach(NDIS_HANDLE FilterModuleContext);
static NDIS_STATUS RxcRestart(NDIS_HANDLE FilterModuleContext,
                              PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
static NDIS_STATUS RxcPause(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
static VOID RxcReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext,
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
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(RXC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(RXC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(RXC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    /* The newest revision the running NDIS knows: revision and size chosen together. */
    fChars.Header.Revision = NdisGetVersion() >= NDIS_RUNTIME_VERSION_640
                                 ? NDIS_FILTER_CHARACTERISTICS_REVISION_3
                                 : NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Size     = NdisGetVersion() >= NDIS_RUNTIME_VERSION_640
                                 ? NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_3
                                 : NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;

    fChars.MajorNdisVersion   = 6;
    fChars.MinorNdisVersion   = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 2;
    fChars.Flags              = 0;

    fChars.FriendlyName = friendlyName;
    fChars.UniqueName   = uniqueName;
    fChars.ServiceName  = serviceName;

    fChars.AttachHandler                = RxcAttach;
    fChars.DetachHandler                = RxcDetach;
    fChars.RestartHandler               = RxcRestart;
    fChars.PauseHandler                 = RxcPause;
    fChars.ReceiveNetBufferListsHandler = RxcReceiveNetBufferLists;

    /* Filters own their DriverUnload; NDIS does not install one. */
    DriverObject->DriverUnload = RxcUnload;

    NdisInitializeNPagedLookasideList(&RxcModules, NULL, NULL, 0, sizeof(RXC_MODULE), RXC_TAG, 0);

    RxcDriverContext = (NDIS_HANDLE)DriverObject;
    status = NdisFRegisterFilterDriver(DriverObject, RxcDriverContext, &fChars, &RxcDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "rxpool: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;                                              // expect: DE006
    }

    return STATUS_SUCCESS;
}

VOID
RxcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(RxcDriverHandle);
    NdisDeleteNPagedLookasideList(&RxcModules);
}

static NDIS_STATUS
RxcAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PRXC_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    module = (PRXC_MODULE)NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(RXC_MODULE), RXC_TAG, NormalPoolPriority);
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
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, RXC_TAG);
    }
    return status;
}

static VOID
RxcDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;

    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, RXC_TAG);
}

static NDIS_STATUS
RxcRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PRXC_MODULE)FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
RxcPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PRXC_MODULE)FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

static VOID
RxcReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PRXC_MODULE module = (PRXC_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->FramesReceived, NumberOfNetBufferLists);

    /* Monitoring only: pass everything up unchanged. */
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
