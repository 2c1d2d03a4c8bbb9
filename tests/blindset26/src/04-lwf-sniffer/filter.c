/*
 * filter.c - DriverEntry, unload and the FilterXxx handlers
 */
#include "snif.h"

PSNIF_GLOBALS g_Snif = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SnifUnload;

FILTER_ATTACH SnifAttach;
FILTER_DETACH SnifDetach;
FILTER_RESTART SnifRestart;
FILTER_PAUSE SnifPause;
FILTER_SEND_NET_BUFFER_LISTS SnifSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE SnifSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS SnifReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS SnifReturnNbls;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, SnifUnload)
#endif

/*
 * look at the ethernet header of every NB and bump the counters
 */
static VOID SnifCount(_In_ PSNIF_MODULE Module, _In_ PNET_BUFFER_LIST NblChain, _In_ BOOLEAN Receive, _In_ BOOLEAN DispatchLevel)
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    UCHAR storage[ETH_HEADER_SIZE];
    PUCHAR hdr;
    USHORT etherType;

    if (DispatchLevel) {
        NdisDprAcquireSpinLock(&Module->Lock);
    } else {
        NdisAcquireSpinLock(&Module->Lock);
    }

    for (nbl = NblChain; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            if (Receive) {
                Module->Counters.RxFrames++;
                Module->Counters.RxBytes += NET_BUFFER_DATA_LENGTH(nb);
            } else {
                Module->Counters.TxFrames++;
                Module->Counters.TxBytes += NET_BUFFER_DATA_LENGTH(nb);
            }

            hdr = (PUCHAR)NdisGetDataBuffer(nb, ETH_HEADER_SIZE, storage, 1, 0);
            if (hdr == NULL) {
                Module->Counters.Other++;
                continue;
            }
            etherType = (USHORT)((hdr[12] << 8) | hdr[13]);
            switch (etherType) {
            case ETHERTYPE_IPV4: Module->Counters.Ipv4++; break;
            case ETHERTYPE_IPV6: Module->Counters.Ipv6++; break;
            case ETHERTYPE_ARP:  Module->Counters.Arp++;  break;
            default:             Module->Counters.Other++; break;
            }
        }
    }

    if (DispatchLevel) {
        NdisDprReleaseSpinLock(&Module->Lock);
    } else {
        NdisReleaseSpinLock(&Module->Lock);
    }
}

NDIS_STATUS SnifAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext, PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    PSNIF_MODULE module;
    NDIS_FILTER_ATTRIBUTES attrs;
    NDIS_STATUS status;

    if ((PSNIF_GLOBALS)FilterDriverContext != g_Snif) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    /* only ethernet, everything else we just skip */
    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PSNIF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                             sizeof(SNIF_MODULE),
                                                             SNIF_TAG,
                                                             NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(SNIF_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = SnifPaused;
    NdisAllocateSpinLock(&module->Lock);

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&module->Lock);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Snif->Lock);
    InsertTailList(&g_Snif->ModuleList, &module->Link);
    g_Snif->ModuleCount++;
    NdisReleaseSpinLock(&g_Snif->Lock);

    DEBUGP("attached to ifindex %u\n", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID SnifDetach(NDIS_HANDLE FilterModuleContext)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;

    DEBUGP("detach from ifindex %u (rx %I64u tx %I64u)\n",
           module->IfIndex, module->Counters.RxFrames, module->Counters.TxFrames);

    NdisAcquireSpinLock(&g_Snif->Lock);
    RemoveEntryList(&module->Link);
    g_Snif->ModuleCount--;
    NdisReleaseSpinLock(&g_Snif->Lock);

    NdisFreeSpinLock(&module->Lock);
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS SnifRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = SnifRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS SnifPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never originate NBLs ourselves, so nothing to wait for */
    module->State = SnifPausing;
    module->State = SnifPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID SnifSendNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;
    BOOLEAN atDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    PNET_BUFFER_LIST nbl;
    ULONG completeFlags = 0;

    if (module->State != SnifRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        if (atDispatch) {
            NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
        }
        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    SnifCount(module, NetBufferLists, FALSE, atDispatch);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID SnifSendNblsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID SnifReceiveNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;
    BOOLEAN atDispatch = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    ULONG returnFlags = 0;

    if (module->State != SnifRunning) {
        if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags)) {
            if (atDispatch) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    SnifCount(module, NetBufferLists, TRUE, atDispatch);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID SnifReturnNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PSNIF_MODULE module = (PSNIF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID SnifUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    DEBUGP("unload\n");

    SnifDeregisterDevice();
    NdisFDeregisterFilterDriver(g_Snif->FilterDriverHandle);

    NT_ASSERT(IsListEmpty(&g_Snif->ModuleList));

    NdisFreeSpinLock(&g_Snif->Lock);
    ExFreePoolWithTag(g_Snif, SNIF_TAG);
    g_Snif = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(SNIF_SERVICE_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(SNIF_UNIQUE_NAME);
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(SNIF_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP("DriverEntry\n");

    g_Snif = (PSNIF_GLOBALS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(SNIF_GLOBALS), SNIF_TAG);
    RtlZeroMemory(g_Snif, sizeof(SNIF_GLOBALS));
    g_Snif->DriverObject = DriverObject;
    InitializeListHead(&g_Snif->ModuleList);
    NdisAllocateSpinLock(&g_Snif->Lock);
    if (g_Snif == NULL) {
        DEBUGP("out of memory\n");
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(&fChars, sizeof(fChars));
    fChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fChars.MajorNdisVersion = 6;
    fChars.MinorNdisVersion = 30;
    fChars.MajorDriverVersion = 1;
    fChars.MinorDriverVersion = 2;
    fChars.Flags = 0;
    fChars.FriendlyName = friendlyName;
    fChars.UniqueName = uniqueName;
    fChars.ServiceName = serviceName;

    fChars.AttachHandler = SnifAttach;
    fChars.DetachHandler = SnifDetach;
    fChars.RestartHandler = SnifRestart;
    fChars.PauseHandler = SnifPause;
    fChars.SendNetBufferListsHandler = SnifSendNbls;
    fChars.SendNetBufferListsCompleteHandler = SnifSendNblsComplete;
    fChars.ReceiveNetBufferListsHandler = SnifReceiveNbls;
    fChars.ReturnNetBufferListsHandler = SnifReturnNbls;

    DriverObject->DriverUnload = SnifUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)g_Snif,
                                       &fChars,
                                       &g_Snif->FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP("NdisFRegisterFilterDriver failed 0x%08x\n", status);
    }

    status = SnifRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP("SnifRegisterDevice failed 0x%08x\n", status);
        NdisFDeregisterFilterDriver(g_Snif->FilterDriverHandle);
        NdisFreeSpinLock(&g_Snif->Lock);
        ExFreePoolWithTag(g_Snif, SNIF_TAG);
        g_Snif = NULL;
        return status;
    }

    DEBUGP("loaded\n");
    return status;
}
