#include "lwf.h"

LWF_GLOBALS g_Lwf;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwfUnload;

FILTER_ATTACH LwfAttach;
FILTER_DETACH LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE LwfPause;
FILTER_SEND_NET_BUFFER_LISTS LwfSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS LwfReturnNbls;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

static VOID LwfCleanup(VOID)
{
    if (g_Lwf.Flags & LWF_F_DEVICE) {
        LwfDeregisterDevice();
        g_Lwf.Flags &= ~LWF_F_DEVICE;
    }
    if (g_Lwf.Flags & LWF_F_REGISTERED) {
        NdisFDeregisterFilterDriver(g_Lwf.DriverHandle);
        g_Lwf.DriverHandle = NULL;
        g_Lwf.Flags &= ~LWF_F_REGISTERED;
    }
    if (g_Lwf.Flags & LWF_F_LIST_LOCK) {
        NdisFreeSpinLock(&g_Lwf.ListLock);
        g_Lwf.Flags &= ~LWF_F_LIST_LOCK;
    }
}

static VOID LwfCountNbls(PNET_BUFFER_LIST Nbls, volatile LONG64 *Packets, volatile LONG64 *Bytes)
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    LONG64 packets = 0, bytes = 0;

    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            packets++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
    InterlockedAdd64(Packets, packets);
    InterlockedAdd64(Bytes, bytes);
}

NDIS_STATUS LwfAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                      PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PLWF_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumWireless) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LWF_MODULE),
                                                            LWF_TAG, LowPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(*module));

    module->FilterHandle = NdisFilterHandle;
    module->IfIndex = AttachParameters->BaseMiniportIfIndex;
    module->NetLuid = AttachParameters->BaseMiniportNetLuid;
    module->State = LwfStateAttaching;
    NdisAllocateSpinLock(&module->Lock);

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = sizeof(NDIS_FILTER_ATTRIBUTES);
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&module->Lock);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    module->State = LwfStatePaused;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    InsertTailList(&g_Lwf.Modules, &module->Link);
    g_Lwf.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwf.ListLock);

    return NDIS_STATUS_SUCCESS;
}

VOID LwfDetach(NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    RemoveEntryList(&module->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.ListLock);

    module->State = LwfStateDetached;
    NdisFreeSpinLock(&module->Lock);
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS LwfRestart(NDIS_HANDLE FilterModuleContext,
                       PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&module->Lock);
    module->State = LwfStateRunning;
    NdisReleaseSpinLock(&module->Lock);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LwfPause(NDIS_HANDLE FilterModuleContext,
                     PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* Pure pass-through: nothing is queued inside the filter, so pause completes inline. */
    NdisAcquireSpinLock(&module->Lock);
    module->State = LwfStatePaused;
    NdisReleaseSpinLock(&module->Lock);
    return NDIS_STATUS_SUCCESS;
}

VOID LwfSendNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                 NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    BOOLEAN dispatchLevel = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    LWF_STATE state;

    LWF_ACQUIRE_LOCK(&module->Lock, dispatchLevel);
    state = module->State;
    LWF_RELEASE_LOCK(&module->Lock, dispatchLevel);

    if (state != LwfStateRunning) {
        PNET_BUFFER_LIST nbl;
        ULONG completeFlags = dispatchLevel ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0;

        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    LwfCountNbls(NetBufferLists, &module->TxPackets, &module->TxBytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID LwfSendNblsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                         ULONG SendCompleteFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID LwfReceiveNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    BOOLEAN dispatchLevel = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    LWF_STATE state;

    LWF_ACQUIRE_LOCK(&module->Lock, dispatchLevel);
    state = module->State;
    LWF_RELEASE_LOCK(&module->Lock, dispatchLevel);

    if (state != LwfStateRunning) {
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            ULONG returnFlags = dispatchLevel ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0;
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    LwfCountNbls(NetBufferLists, &module->RxPackets, &module->RxBytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID LwfReturnNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                   ULONG ReturnFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID LwfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    LwfCleanup();
    DbgPrint("pktcount: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendly = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING unique = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING service = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    InitializeListHead(&g_Lwf.Modules);
    NdisAllocateSpinLock(&g_Lwf.ListLock);
    g_Lwf.Flags |= LWF_F_LIST_LOCK;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = LWF_MAJOR_NDIS_VERSION;
    fc.MinorNdisVersion = LWF_MINOR_NDIS_VERSION;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags = 0;
    fc.FriendlyName = friendly;
    fc.UniqueName = unique;
    fc.ServiceName = service;

    fc.AttachHandler = LwfAttach;
    fc.DetachHandler = LwfDetach;
    fc.RestartHandler = LwfRestart;
    fc.PauseHandler = LwfPause;
    fc.SendNetBufferListsHandler = LwfSendNbls;
    fc.SendNetBufferListsCompleteHandler = LwfSendNblsComplete;
    fc.ReceiveNetBufferListsHandler = LwfReceiveNbls;
    fc.ReturnNetBufferListsHandler = LwfReturnNbls;

    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc,
                                       &g_Lwf.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: NdisFRegisterFilterDriver 0x%08X\n", status);
        LwfCleanup();
        return status;
    }
    g_Lwf.Flags |= LWF_F_REGISTERED;

    status = LwfRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrint("pktcount: NdisRegisterDeviceEx 0x%08X\n", status);
        LwfCleanup();
        return status;
    }
    g_Lwf.Flags |= LWF_F_DEVICE;

    return STATUS_SUCCESS;
}
