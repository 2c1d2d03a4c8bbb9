// pktcount - NDIS 6.30 lightweight filter, modifying optional filter
// no send/receive handlers, so NDIS bypasses us for data; we only track
// attach/detach and pause/restart for now (packet counting is TODO)

#define NDIS630 1
#include <ndis.h>

#define PC_TAG 'tnCP'

#define PC_FRIENDLY_NAME L"Packet Counter Filter"
#define PC_UNIQUE_NAME   L"{5cbf81bd-5055-47cd-9055-a76b2b4e3697}"
#define PC_SERVICE_NAME  L"pktcount"

typedef struct _PC_FILTER {
    NDIS_HANDLE FilterHandle;
    NET_IFINDEX MiniportIfIndex;
    BOOLEAN     Running;
} PC_FILTER, *PPC_FILTER;

NDIS_HANDLE g_NdisFilterDriverHandle = NULL;

FILTER_ATTACH  PcAttach;
FILTER_DETACH  PcDetach;
FILTER_RESTART PcRestart;
FILTER_PAUSE   PcPause;
DRIVER_UNLOAD  PcUnload;

NDIS_STATUS PcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                     PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    PPC_FILTER filter;
    NDIS_FILTER_ATTRIBUTES attrs;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    filter = (PPC_FILTER)NdisAllocateMemoryWithTagPriority(g_NdisFilterDriverHandle,
                                                           sizeof(PC_FILTER), PC_TAG,
                                                           NormalPoolPriority);
    if (filter == NULL)
        return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(filter, sizeof(PC_FILTER));
    filter->FilterHandle = NdisFilterHandle;
    filter->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = sizeof(attrs);
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, filter, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(filter, 0, 0);
        return status;
    }

    DbgPrint("pktcount: attached to ifindex %u\n", filter->MiniportIfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID PcDetach(NDIS_HANDLE FilterModuleContext)
{
    PPC_FILTER filter = (PPC_FILTER)FilterModuleContext;
    DbgPrint("pktcount: detach ifindex %u\n", filter->MiniportIfIndex);
    NdisFreeMemory(filter, 0, 0);
}

NDIS_STATUS PcRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PPC_FILTER filter = (PPC_FILTER)FilterModuleContext;
    UNREFERENCED_PARAMETER(RestartParameters);
    filter->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS PcPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PPC_FILTER filter = (PPC_FILTER)FilterModuleContext;
    UNREFERENCED_PARAMETER(PauseParameters);
    filter->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

VOID PcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(g_NdisFilterDriverHandle);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PC_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(PC_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(PC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = NDIS_FILTER_MAJOR_VERSION;
    fc.MinorNdisVersion = NDIS_FILTER_MINOR_VERSION;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 0;
    fc.Flags = 0;
    fc.FriendlyName = friendlyName;
    fc.UniqueName = uniqueName;
    fc.ServiceName = serviceName;
    fc.AttachHandler = PcAttach;
    fc.DetachHandler = PcDetach;
    fc.RestartHandler = PcRestart;
    fc.PauseHandler = PcPause;

    DriverObject->DriverUnload = PcUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc,
                                       &g_NdisFilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: NdisFRegisterFilterDriver failed 0x%x\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}
