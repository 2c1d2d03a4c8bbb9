/*
 * filter.c - driver entry, module attach/detach and data path
 */
#include "pcount.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PcUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PcUnload)

PC_GLOBALS g_Pc;

static VOID
PcInitModuleList(VOID)
{
    NdisAllocateSpinLock(&g_Pc.ModuleLock);
    InitializeListHead(&g_Pc.ModuleList);
    g_Pc.ModuleCount = 0;
}

static VOID
PcCountChain(
    _In_ PNET_BUFFER_LIST Nbl,
    _Out_ LONG64 *Packets,
    _Out_ LONG64 *Bytes
    )
{
    PNET_BUFFER nb;

    *Packets = 0;
    *Bytes = 0;

    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            (*Packets)++;
            (*Bytes) += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(PC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(PC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(PC_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    DBG_PRINT("DriverEntry\n");

    g_Pc.DriverObject = DriverObject;
    g_Pc.FilterDriverHandle = NULL;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    fc.MajorNdisVersion   = PC_NDIS_MAJOR;
    fc.MinorNdisVersion   = PC_NDIS_MINOR;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags              = 0;

    fc.FriendlyName = friendlyName;
    fc.UniqueName   = uniqueName;
    fc.ServiceName  = serviceName;

    fc.AttachHandler  = PcAttach;
    fc.DetachHandler  = PcDetach;
    fc.RestartHandler = PcRestart;
    fc.PauseHandler   = PcPause;

    fc.SendNetBufferListsHandler         = PcSendNetBufferLists;
    fc.SendNetBufferListsCompleteHandler = PcSendNetBufferListsComplete;
    fc.ReceiveNetBufferListsHandler      = PcReceiveNetBufferLists;
    fc.ReturnNetBufferListsHandler       = PcReturnNetBufferLists;

    /* OID / status / PnP handlers left NULL -> NDIS bypasses us */

    DriverObject->DriverUnload = PcUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &g_Pc.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DBG_PRINT("NdisFRegisterFilterDriver failed: 0x%x\n", status);
        return status;
    }

    PcInitModuleList();

    status = PcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        DBG_PRINT("PcRegisterDevice failed: 0x%x\n", status);
        return status;
    }

    DBG_PRINT("loaded\n");
    return STATUS_SUCCESS;
}

VOID
PcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    DBG_PRINT("unload\n");

    PcDeregisterDevice();
    NdisFDeregisterFilterDriver(g_Pc.FilterDriverHandle);
    g_Pc.FilterDriverHandle = NULL;

    NT_ASSERT(IsListEmpty(&g_Pc.ModuleList));
    NdisFreeSpinLock(&g_Pc.ModuleLock);
}

_Use_decl_annotations_
NDIS_STATUS
PcAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PPC_MODULE module;
    NDIS_FILTER_ATTRIBUTES attrs;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(PC_MODULE),
                                               PC_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(PC_MODULE));

    module->FilterHandle = NdisFilterHandle;
    module->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    module->State        = PcStatePaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Pc.ModuleLock);
    InsertTailList(&g_Pc.ModuleList, &module->Link);
    g_Pc.ModuleCount++;
    NdisReleaseSpinLock(&g_Pc.ModuleLock);

    DBG_PRINT("attached to ifindex %u\n", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PcDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Pc.ModuleLock);
    RemoveEntryList(&module->Link);
    g_Pc.ModuleCount--;
    NdisReleaseSpinLock(&g_Pc.ModuleLock);

    DBG_PRINT("detached from ifindex %u\n", module->IfIndex);
    NdisFreeMemory(module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
PcRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = PcStateRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
PcPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never own NBLs, so nothing is outstanding here */
    module->State = PcStatePaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PcSendNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;
    LONG64 packets, bytes;

    PcCountChain(NetBufferLists, &packets, &bytes);
    InterlockedAdd64(&module->TxPackets, packets);
    InterlockedAdd64(&module->TxBytes, bytes);

    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
PcSendNetBufferListsComplete(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG SendCompleteFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
PcReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;
    LONG64 packets, bytes;

    PcCountChain(NetBufferLists, &packets, &bytes);
    InterlockedAdd64(&module->RxPackets, packets);
    InterlockedAdd64(&module->RxBytes, bytes);

    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
PcReturnNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
