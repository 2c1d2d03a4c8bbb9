/*
 * lwfcfg.c - NDIS 6 lightweight filter that counts received frames per
 * adapter and reads its module limit from its service key after it has
 * registered. A failed registration returns its status; a failed read of
 * the configuration deregisters the filter and returns its own. A second,
 * optional filter for Wi-Fi adapters is registered last; the driver runs
 * without it when that registration fails.
 *
 * Conforming: no NDIS005.
 */

#include <ndis.h>

#define LHC_TAG             'CxRf'
#define LHC_FRIENDLY_NAME   L"RxCount NDIS Filter"
#define LHC_UNIQUE_NAME     L"{B5C71E02-4D8A-4F36-9E1B-7A20C4D3F5A9}"
#define LHC_SERVICE_NAME    L"RxCount"

typedef struct _LHC_MODULE {
    NDIS_HANDLE FilterHandle;
    LONG64      FramesReceived;
    BOOLEAN     Running;
} LHC_MODULE, *PLHC_MODULE;

static NDIS_HANDLE LhcDriverHandle;
static NDIS_HANDLE LhcDriverContext;
static ULONG LhcMaxModules;
static NDIS_HANDLE LhcWifiHandle;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LhcUnload;

static NDIS_STATUS LhcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                             PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
static VOID LhcDetach(NDIS_HANDLE FilterModuleContext);
static NDIS_STATUS LhcRestart(NDIS_HANDLE FilterModuleContext,
                              PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
static NDIS_STATUS LhcPause(NDIS_HANDLE FilterModuleContext,
                            PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
static VOID LhcReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext,
                                     PNET_BUFFER_LIST NetBufferLists,
                                     NDIS_PORT_NUMBER PortNumber,
                                     ULONG NumberOfNetBufferLists,
                                     ULONG ReceiveFlags);

#pragma NDIS_INIT_FUNCTION(DriverEntry)

/* The characteristics this filter registers with. */
static VOID
LhcPrepare(
    _Out_ PNDIS_FILTER_DRIVER_CHARACTERISTICS pChars
    )
{
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LHC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LHC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LHC_SERVICE_NAME);

    NdisZeroMemory(pChars, sizeof(*pChars));
    pChars->Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    pChars->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    pChars->Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;

    pChars->MajorNdisVersion   = 6;
    pChars->MinorNdisVersion   = 30;
    pChars->MajorDriverVersion = 1;
    pChars->MinorDriverVersion = 2;
    pChars->Flags              = 0;

    pChars->FriendlyName = friendlyName;
    pChars->UniqueName   = uniqueName;
    pChars->ServiceName  = serviceName;

    pChars->AttachHandler                = LhcAttach;
    pChars->DetachHandler                = LhcDetach;
    pChars->RestartHandler               = LhcRestart;
    pChars->PauseHandler                 = LhcPause;
    pChars->ReceiveNetBufferListsHandler = LhcReceiveNetBufferLists;

}


/* The module limit; the service key must exist. */
static NTSTATUS
LhcReadConfig(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    if (RegistryPath->Length == 0) {
        return STATUS_INVALID_PARAMETER;
    }
    LhcMaxModules = 8;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                                // expect-entry: ndis-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STATUS status;

    LhcPrepare(&fChars);

    /* Filters own their DriverUnload; NDIS does not install one. */
    DriverObject->DriverUnload = LhcUnload;

    LhcDriverContext = (NDIS_HANDLE)DriverObject;
    status = NdisFRegisterFilterDriver(DriverObject, LhcDriverContext, &fChars, &LhcDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "rxcount: NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    status = LhcReadConfig(RegistryPath);
    if (!NT_SUCCESS(status)) {
        NdisFDeregisterFilterDriver(LhcDriverHandle);
        return status;
    }

    status = NdisFRegisterFilterDriver(DriverObject, LhcDriverContext, &fChars, &LhcWifiHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_WARNING_LEVEL,
                   "rxcount: no Wi-Fi filter (0x%08X)\n", status);
        LhcWifiHandle = NULL;
    }
    return STATUS_SUCCESS;
}

VOID
LhcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (LhcWifiHandle != NULL) {
        NdisFDeregisterFilterDriver(LhcWifiHandle);
    }
    NdisFDeregisterFilterDriver(LhcDriverHandle);
}

static NDIS_STATUS
LhcAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attributes;
    PLHC_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);
    UNREFERENCED_PARAMETER(AttachParameters);

    module = (PLHC_MODULE)NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(LHC_MODULE), LHC_TAG, NormalPoolPriority);
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
        NdisFreeMemoryWithTagPriority(NdisFilterHandle, module, LHC_TAG);
    }
    return status;
}

static VOID
LhcDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLHC_MODULE module = (PLHC_MODULE)FilterModuleContext;

    NdisFreeMemoryWithTagPriority(module->FilterHandle, module, LHC_TAG);
}

static NDIS_STATUS
LhcRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PLHC_MODULE)FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
LhcPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PLHC_MODULE)FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

static VOID
LhcReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PLHC_MODULE module = (PLHC_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->FramesReceived, NumberOfNetBufferLists);

    /* Monitoring only: pass everything up unchanged. */
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
