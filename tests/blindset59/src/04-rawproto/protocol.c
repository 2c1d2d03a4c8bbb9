/*
 * protocol.c - DriverEntry/Unload and the NDIS protocol edge
 */
#include "rawproto.h"

RP_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     rpUnload;

PROTOCOL_BIND_ADAPTER_EX              rpBindAdapter;
PROTOCOL_UNBIND_ADAPTER_EX            rpUnbindAdapter;
PROTOCOL_OPEN_ADAPTER_COMPLETE_EX     rpOpenAdapterComplete;
PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX    rpCloseAdapterComplete;
PROTOCOL_NET_PNP_EVENT                rpPnPEvent;
PROTOCOL_OID_REQUEST_COMPLETE         rpOidRequestComplete;
PROTOCOL_STATUS_EX                    rpStatus;
PROTOCOL_RECEIVE_NET_BUFFER_LISTS     rpReceiveNbls;
PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE rpSendComplete;

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING protoName = RTL_CONSTANT_STRING(RP_PROTOCOL_NAME);
    NTSTATUS status;

    RPDBG(("DriverEntry %wZ\n", RegistryPath));

    NdisZeroMemory(&Globals, sizeof(Globals));
    Globals.DriverObject = DriverObject;
    Globals.RegistryPath = *RegistryPath;
    NdisAllocateSpinLock(&Globals.Lock);
    InitializeListHead(&Globals.Opens);

    status = rpCreateControlDevice(DriverObject);
    if (!NT_SUCCESS(status)) {
        NdisFreeSpinLock(&Globals.Lock);
        return status;
    }

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type      = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision  = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size      = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 30;
    pc.MajorDriverVersion = 1;
    pc.MinorDriverVersion = 0;
    pc.Name = protoName;
    pc.BindAdapterHandlerEx          = rpBindAdapter;
    pc.UnbindAdapterHandlerEx        = rpUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx  = rpOpenAdapterComplete;
    pc.CloseAdapterCompleteHandlerEx = rpCloseAdapterComplete;
    pc.NetPnPEventHandler            = rpPnPEvent;
    pc.OidRequestCompleteHandler     = rpOidRequestComplete;
    pc.StatusHandlerEx               = rpStatus;
    pc.ReceiveNetBufferListsHandler  = rpReceiveNbls;
    pc.SendNetBufferListsCompleteHandler = rpSendComplete;

    status = NdisRegisterProtocolDriver(NULL, &pc, &Globals.ProtocolHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        RPDBG(("NdisRegisterProtocolDriver failed %x\n", status));
        rpDeleteControlDevice();
        NdisFreeSpinLock(&Globals.Lock);
        return status;
    }

    DriverObject->DriverUnload = rpUnload;
    return STATUS_SUCCESS;
}

VOID
rpUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* unbinds every open first, synchronously */
    if (Globals.ProtocolHandle != NULL) {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
    rpDeleteControlDevice();
    NdisFreeSpinLock(&Globals.Lock);
    RPDBG(("unloaded\n"));
}

/* Parameters\BindAll = 0 makes us skip wireless adapters */
static BOOLEAN
rpBindAllowed(PNDIS_BIND_PARAMETERS bp)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"BindAll");
    UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION kv = (PKEY_VALUE_PARTIAL_INFORMATION)buf;
    ULONG len;
    BOOLEAN allowed = TRUE;

    InitializeObjectAttributes(&oa, &Globals.RegistryPath,
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    if (NT_SUCCESS(ZwOpenKey(&key, KEY_READ, &oa))) {
        if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                       kv, sizeof(buf), &len)) &&
            kv->Type == REG_DWORD && *(PULONG)kv->Data == 0 &&
            bp->PhysicalMediumType == NdisPhysicalMediumNative802_11) {
            allowed = FALSE;
        }
        ZwClose(key);
    }
    return allowed;
}

NDIS_STATUS
rpBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
              PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_OPEN_PARAMETERS op;
    NDIS_MEDIUM media[] = { NdisMedium802_3 };
    NET_FRAME_TYPE frameTypes[] = { RP_ETHERTYPE };
    UINT selected = 0;
    PRP_OPEN open;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (!rpBindAllowed(BindParameters)) {
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    open = NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle, sizeof(RP_OPEN),
                                             RP_TAG, NormalPoolPriority);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(open, sizeof(RP_OPEN));
    open->BindContext = BindContext;

    NdisZeroMemory(&op, sizeof(op));
    op.Header.Type     = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    op.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    op.Header.Size     = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    op.AdapterName        = BindParameters->AdapterName;
    op.MediumArray        = media;
    op.MediumArraySize    = ARRAYSIZE(media);
    op.SelectedMediumIndex = &selected;
    op.FrameTypeArray     = frameTypes;
    op.FrameTypeArraySize = ARRAYSIZE(frameTypes);

    status = NdisOpenAdapterEx(Globals.ProtocolHandle, (NDIS_HANDLE)open, &op,
                               BindContext, &open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return status;      /* rpOpenAdapterComplete finishes the bind */
    }

    /* completed inline: NDIS takes the status from our return value */
    open->BindContext = NULL;
    rpOpenAdapterComplete((NDIS_HANDLE)open, status);
    return status;
}

VOID
rpOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE bindContext = open->BindContext;

    open->BindContext = NULL;

    if (Status == NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&Globals.Lock);
        InsertTailList(&Globals.Opens, &open->Link);
        Globals.OpenCount++;
        NdisReleaseSpinLock(&Globals.Lock);
    } else {
        NdisFreeMemory(open, 0, 0);
    }

    if (bindContext != NULL) {
        NdisCompleteBindAdapterEx(bindContext, Status);
    }
}

NDIS_STATUS
rpUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_STATUS status;

    NdisAcquireSpinLock(&Globals.Lock);
    RemoveEntryList(&open->Link);
    Globals.OpenCount--;
    NdisReleaseSpinLock(&Globals.Lock);

    open->UnbindContext = UnbindContext;
    status = NdisCloseAdapterEx(open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return status;
    }
    NdisFreeMemory(open, 0, 0);
    return status;
}

VOID
rpCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE unbindContext = open->UnbindContext;

    NdisFreeMemory(open, 0, 0);
    NdisCompleteUnbindAdapterEx(unbindContext);
}

NDIS_STATUS
rpPnPEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

VOID
rpOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

VOID
rpStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

VOID
rpReceiveNbls(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
              NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(PortNumber);

    InterlockedAdd(&open->Frames, (LONG)NumberOfNetBufferLists);

    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        NdisReturnNetBufferLists(open->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)
                                     ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

VOID
rpSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
