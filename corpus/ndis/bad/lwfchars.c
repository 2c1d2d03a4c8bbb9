/*
 * lwfchars.c - NDIS 6 lightweight filter that counts received frames per
 * adapter. It hooks only the receive path and, reasoning that it never
 * pauses anything, leaves FilterPause NULL: NDIS requires it (a filter must
 * complete the pause of its module), and refuses the registration.
 *
 * BUG (NDIS003).
 */

#include <ndis.h>

#define LFC_TAG             'CxRf'
#define LFC_FRIENDLY_NAME   L"RxCount NDIS Filter"
#define LFC_UNIQUE_NAME     L"{B5C71E02-4D8A-4F36-9E1B-7A20C4D3F5A9}"
#define LFC_SERVICE_NAME    L"RxCount"

typedef struct _LFC_MODULE {
    NDIS_HANDLE FilterHandle;
    LONG64      FramesReceived;
    BOOLEAN     Running;
} LFC_MODULE, *PLFC_MODULE;

static NDIS_HANDLE LfcDriverHandle;
static NDIS_HANDLE LfcDriverContext;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LfcUnload;

static NDIS_STATUS LfcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
static VOID LfcDetach(NDIS_HANDLE FilterModuleContext);
static NDIS_STATUS LfcRestart(NDIS_HANDLE FilterModuleContext,
                              PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
static NDIS_STATUS LfcPause(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
static VOID LfcReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext,
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
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LFC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LFC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LFC_SERVICE_NAME);
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

    fChars.AttachHandler                = LfcAttach;
    fChars.DetachHandler                = LfcDetach;
    fChars.RestartHandler               = LfcRestart;
    fChars.ReceiveNetBufferListsHandler = LfcReceiveNetBufferLists;

    /* Filters own their DriverUnload; NDIS does not install one. */
    DriverObject->DriverUnload = LfcUnload;

    LfcDriverContext = (NDIS_HANDLE)DriverObject;
    status = NdisFRegisterFilterDriver(DriverObject, LfcDriverContext, &fChars, &LfcDriverHandle); // expect: NDIS003
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "rxcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
LfcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(LfcDriverHandle);
}

static NDIS_STATUS
LfcAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PLFC_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    module = (PLFC_MODULE)NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(LFC_MODULE), LFC_TAG, NormalPoolPriority);
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
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, LFC_TAG);
    }
    return status;
}

static VOID
LfcDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLFC_MODULE module = (PLFC_MODULE)FilterModuleContext;

    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, LFC_TAG);
}

static NDIS_STATUS
LfcRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PLFC_MODULE)FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
LfcPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PLFC_MODULE)FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

static VOID
LfcReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PLFC_MODULE module = (PLFC_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->FramesReceived, NumberOfNetBufferLists);

    /* Monitoring only: pass everything up unchanged. */
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
