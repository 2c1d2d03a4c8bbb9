// protocol.cpp - NDIS protocol edge of pktio.

#include "ndisprot.h"

static NDIS_MEDIUM g_SupportedMedia[] = { NdisMedium802_3 };

extern "C"
NDIS_STATUS
PktioSetOptions(
    _In_ NDIS_HANDLE NdisDriverHandle,
    _In_ NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

extern "C"
NDIS_STATUS
PktioBindAdapter(
    _In_ NDIS_HANDLE            ProtocolDriverContext,
    _In_ NDIS_HANDLE            BindContext,
    _In_ PNDIS_BIND_PARAMETERS  BindParameters
    )
{
    auto globals = static_cast<PktioGlobals*>(ProtocolDriverContext);
    NDIS_OPEN_PARAMETERS open;
    UINT mediumIndex = 0;

    auto binding = static_cast<PktioBinding*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PktioBinding), PKTIO_TAG));
    if (binding == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    binding->RefCount = 1;

    binding->DeviceName.MaximumLength = BindParameters->AdapterName->Length;
    binding->DeviceName.Length        = BindParameters->AdapterName->Length;
    binding->DeviceName.Buffer        = static_cast<PWCH>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, BindParameters->AdapterName->Length, PKTIO_TAG));
    if (binding->DeviceName.Buffer == nullptr) {
        ExFreePoolWithTag(binding, PKTIO_TAG);
        return NDIS_STATUS_RESOURCES;
    }
    RtlCopyMemory(binding->DeviceName.Buffer, BindParameters->AdapterName->Buffer,
                  BindParameters->AdapterName->Length);

    NdisZeroMemory(&open, sizeof(open));
    open.Header.Type       = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    open.Header.Revision   = NDIS_OPEN_PARAMETERS_REVISION_1;
    open.Header.Size       = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    open.AdapterName       = BindParameters->AdapterName;
    open.MediumArray       = g_SupportedMedia;
    open.MediumArraySize   = ARRAYSIZE(g_SupportedMedia);
    open.SelectedMediumIndex = &mediumIndex;
    open.FrameTypeArray    = nullptr;
    open.FrameTypeArraySize = 0;

    NdisAcquireSpinLock(&globals->BindingsLock);
    InsertTailList(&globals->Bindings, &binding->Link);
    NdisReleaseSpinLock(&globals->BindingsLock);

    NDIS_STATUS status = NdisOpenAdapterEx(globals->ProtocolHandle, binding, &open,
                                           BindContext, &binding->BindingHandle);
    if (status != NDIS_STATUS_PENDING && status != NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&globals->BindingsLock);
        RemoveEntryList(&binding->Link);
        NdisReleaseSpinLock(&globals->BindingsLock);
        ExFreePoolWithTag(binding->DeviceName.Buffer, PKTIO_TAG);
        ExFreePoolWithTag(binding, PKTIO_TAG);
    }
    return status;
}

extern "C"
VOID
PktioOpenAdapterComplete(
    _In_ NDIS_HANDLE ProtocolBindingContext,
    _In_ NDIS_STATUS Status
    )
{
    auto binding = static_cast<PktioBinding*>(ProtocolBindingContext);
    NdisCompleteBindAdapterEx(binding->BindingHandle, Status);
}

extern "C"
NDIS_STATUS
PktioUnbindAdapter(
    _In_ NDIS_HANDLE UnbindContext,
    _In_ NDIS_HANDLE ProtocolBindingContext
    )
{
    UNREFERENCED_PARAMETER(UnbindContext);
    auto binding = static_cast<PktioBinding*>(ProtocolBindingContext);
    return NdisCloseAdapterEx(binding->BindingHandle);
}

extern "C"
VOID
PktioCloseAdapterComplete(
    _In_ NDIS_HANDLE ProtocolBindingContext
    )
{
    auto binding = static_cast<PktioBinding*>(ProtocolBindingContext);

    NdisAcquireSpinLock(&g_Pktio.BindingsLock);
    RemoveEntryList(&binding->Link);
    NdisReleaseSpinLock(&g_Pktio.BindingsLock);

    ExFreePoolWithTag(binding->DeviceName.Buffer, PKTIO_TAG);
    ExFreePoolWithTag(binding, PKTIO_TAG);
}

extern "C"
NDIS_STATUS
PktioPnpEvent(
    _In_ NDIS_HANDLE                    ProtocolBindingContext,
    _In_ PNET_PNP_EVENT_NOTIFICATION    NetPnPEventNotification
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

extern "C" VOID PktioUninstall(VOID) {}

extern "C"
VOID
PktioOidRequestComplete(
    _In_ NDIS_HANDLE        ProtocolBindingContext,
    _In_ PNDIS_OID_REQUEST  OidRequest,
    _In_ NDIS_STATUS        Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

extern "C"
VOID
PktioStatus(
    _In_ NDIS_HANDLE             ProtocolBindingContext,
    _In_ PNDIS_STATUS_INDICATION StatusIndication
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

extern "C"
VOID
PktioReceiveNbls(
    _In_ NDIS_HANDLE        ProtocolBindingContext,
    _In_ PNET_BUFFER_LIST   NetBufferLists,
    _In_ NDIS_PORT_NUMBER   PortNumber,
    _In_ ULONG              NumberOfNetBufferLists,
    _In_ ULONG              ReceiveFlags
    )
{
    auto binding = static_cast<PktioBinding*>(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    // Frames are copied out by the read path; nothing queued yet.
    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        NdisReturnNetBufferLists(binding->BindingHandle, NetBufferLists,
            NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags) ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

extern "C"
VOID
PktioSendComplete(
    _In_ NDIS_HANDLE      ProtocolBindingContext,
    _In_ PNET_BUFFER_LIST NetBufferList,
    _In_ ULONG            SendCompleteFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
