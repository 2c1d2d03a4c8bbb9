/*
 * pktcount.c - filter registration and the FilterXxx handlers
 */
#include "pktcount.h"

NDIS_HANDLE    g_FilterDriverHandle = NULL;
NDIS_SPIN_LOCK g_ModuleLock;
LIST_ENTRY     g_ModuleList;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PcDriverUnload;

FILTER_ATTACH PcAttach;
FILTER_DETACH PcDetach;
FILTER_RESTART PcRestart;
FILTER_PAUSE PcPause;
FILTER_SEND_NET_BUFFER_LISTS PcSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE PcSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS PcReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS PcReturnNbls;

static ULONG
PcCountNbls(PNET_BUFFER_LIST Nbl)
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        n++;
    }
    return n;
}

NDIS_STATUS
PcAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
         PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PPC_MODULE m;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    m = (PPC_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(PC_MODULE),
                                                      PC_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex = AttachParameters->BaseMiniportIfIndex;
    m->State = PcPaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(m, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_ModuleLock);
    InsertTailList(&g_ModuleList, &m->Link);
    NdisReleaseSpinLock(&g_ModuleLock);

    return NDIS_STATUS_SUCCESS;
}

VOID
PcDetach(NDIS_HANDLE FilterModuleContext)
{
    PPC_MODULE m = (PPC_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_ModuleLock);
    RemoveEntryList(&m->Link);
    NdisReleaseSpinLock(&g_ModuleLock);

    m->State = PcDetached;
    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS
PcRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PPC_MODULE)FilterModuleContext)->State = PcRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
PcPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PPC_MODULE)FilterModuleContext)->State = PcPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID
PcSendNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
           NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PPC_MODULE m = (PPC_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->TxFrames, PcCountNbls(NetBufferLists));
    NdisFSendNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
PcSendNblsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                   ULONG SendCompleteFlags)
{
    PPC_MODULE m = (PPC_MODULE)FilterModuleContext;
    NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
PcReceiveNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
              NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PPC_MODULE m = (PPC_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->RxFrames, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
PcReturnNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PPC_MODULE m = (PPC_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID
PcDriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PcDeregisterDevice();
    NdisFDeregisterFilterDriver(g_FilterDriverHandle);
    NdisFreeSpinLock(&g_ModuleLock);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PC_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(PC_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(PC_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisAllocateSpinLock(&g_ModuleLock);
    InitializeListHead(&g_ModuleList);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = PC_NDIS_MAJOR;
    fc.MinorNdisVersion = PC_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags = 0;
    fc.FriendlyName = friendlyName;
    fc.UniqueName = uniqueName;
    fc.ServiceName = serviceName;

    fc.AttachHandler = PcAttach;
    fc.DetachHandler = PcDetach;
    fc.RestartHandler = PcRestart;
    fc.PauseHandler = PcPause;
    fc.SendNetBufferListsHandler = PcSendNbls;
    fc.SendNetBufferListsCompleteHandler = PcSendNblsComplete;
    fc.ReceiveNetBufferListsHandler = PcReceiveNbls;
    fc.ReturnNetBufferListsHandler = PcReturnNbls;

    /* NDIS wants the unload routine in place before registration */
    DriverObject->DriverUnload = PcDriverUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject,
                                       &fc, &g_FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: NdisFRegisterFilterDriver 0x%08X\n", status);
        NdisFreeSpinLock(&g_ModuleLock);
        return status;
    }

    status = PcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: control device 0x%08X\n", status);
        NdisFreeSpinLock(&g_ModuleLock);
        return status;
    }

    DbgPrint("pktcount: registered\n");
    return STATUS_SUCCESS;
}
