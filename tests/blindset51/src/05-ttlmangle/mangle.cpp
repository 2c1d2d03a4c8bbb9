//
// mangle.cpp - the callout, injection and the NDIS bits it needs
//
#include "mangle.h"

namespace ttl {

HANDLE               Mangler::s_inject = nullptr;
PNDIS_GENERIC_OBJECT Mangler::s_ndisObject = nullptr;
NDIS_HANDLE          Mangler::s_nblPool = nullptr;
UINT32               Mangler::s_calloutId = 0;
volatile LONG        Mangler::s_pending = 0;
volatile LONG64      Mangler::s_rewritten = 0;

NTSTATUS Mangler::CreatePools(PDRIVER_OBJECT DriverObject)
{
    s_ndisObject = NdisAllocateGenericObject(DriverObject, TTL_TAG, 0);
    if (s_ndisObject == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NET_BUFFER_LIST_POOL_PARAMETERS pp = {};
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = TTL_TAG;

    s_nblPool = NdisAllocateNetBufferListPool(s_ndisObject, &pp);
    if (s_nblPool == nullptr) {
        NdisFreeGenericObject(s_ndisObject);
        s_ndisObject = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return STATUS_SUCCESS;
}

void Mangler::FreePools()
{
    if (s_nblPool != nullptr) {
        NdisFreeNetBufferListPool(s_nblPool);
        s_nblPool = nullptr;
    }
    if (s_ndisObject != nullptr) {
        NdisFreeGenericObject(s_ndisObject);
        s_ndisObject = nullptr;
    }
}

NTSTATUS Mangler::CreateInjection()
{
    return FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &s_inject);
}

void Mangler::DestroyInjection()
{
    if (s_inject != nullptr) {
        FwpsInjectionHandleDestroy0(s_inject);
        s_inject = nullptr;
    }
}

NTSTATUS Mangler::RegisterCallout(PDEVICE_OBJECT Device)
{
    FWPS_CALLOUT1 c = {};
    c.calloutKey = TTL_CALLOUT_KEY;
    c.classifyFn = Classify;
    c.notifyFn   = Notify;
    return FwpsCalloutRegister1(Device, &c, &s_calloutId);
}

void Mangler::UnregisterCallout()
{
    if (s_calloutId != 0) {
        FwpsCalloutUnregisterById0(s_calloutId);
        s_calloutId = 0;
    }
}

void Mangler::WaitForInjections()
{
    LARGE_INTEGER tick;
    tick.QuadPart = -10 * 1000 * 10;    // 10ms
    while (InterlockedCompareExchange(&s_pending, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &tick);
    }
}

NTSTATUS NTAPI Mangler::Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, FWPS_FILTER1*)
{
    return STATUS_SUCCESS;
}

void Mangler::PatchTtl(PUCHAR ip, UCHAR ttl)
{
    ULONG sum = 0;
    const ULONG hlen = (ip[0] & 0x0F) * 4;

    ip[8] = ttl;
    ip[10] = ip[11] = 0;
    for (ULONG i = 0; i < hlen; i += 2) {
        sum += (ULONG)((ip[i] << 8) | ip[i + 1]);
    }
    while (sum >> 16) {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    sum = ~sum & 0xFFFF;
    ip[10] = (UCHAR)(sum >> 8);
    ip[11] = (UCHAR)(sum & 0xFF);
}

void NTAPI Mangler::InjectComplete(void* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel)
{
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(dispatchLevel);

    if (!NT_SUCCESS(nbl->Status)) {
        TLOG("reinjection completed with 0x%08X", nbl->Status);
    }
    FwpsFreeCloneNetBufferList0(nbl, 0);
    InterlockedDecrement(&s_pending);
}

void NTAPI Mangler::Classify(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    void* layerData,
    const void* classifyContext,
    const FWPS_FILTER1* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    auto permit = [classifyOut]() { classifyOut->actionType = FWP_ACTION_PERMIT; };

    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0 || layerData == nullptr) {
        return;
    }

    auto nbl = static_cast<PNET_BUFFER_LIST>(layerData);
    FWPS_PACKET_INJECTION_STATE st = FwpsQueryPacketInjectionState0(s_inject, nbl, nullptr);
    if (st == FWPS_PACKET_INJECTED_BY_SELF || st == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        permit();
        return;
    }

    UCHAR storage[20];
    auto hdr = static_cast<PUCHAR>(NdisGetDataBuffer(NET_BUFFER_LIST_FIRST_NB(nbl), sizeof(storage),
                                                     storage, 1, 0));
    if (hdr == nullptr || (hdr[0] & 0x0F) != 5 || hdr[8] == TTL_TARGET ||
        NET_BUFFER_LIST_NEXT_NBL(nbl) != nullptr) {
        permit();
        return;
    }

    PNET_BUFFER_LIST clone = nullptr;
    if (!NT_SUCCESS(FwpsAllocateCloneNetBufferList0(nbl, s_nblPool, nullptr, 0, &clone))) {
        permit();
        return;
    }

    // header is contiguous in the first MDL on this layer, patch in place
    auto ip = static_cast<PUCHAR>(NdisGetDataBuffer(NET_BUFFER_LIST_FIRST_NB(clone), 20, nullptr, 1, 0));
    if (ip == nullptr) {
        FwpsFreeCloneNetBufferList0(clone, 0);
        permit();
        return;
    }
    PatchTtl(ip, TTL_TARGET);

    COMPARTMENT_ID comp = FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_COMPARTMENT_ID)
                              ? static_cast<COMPARTMENT_ID>(inMetaValues->compartmentId)
                              : UNSPECIFIED_COMPARTMENT_ID;

    InterlockedIncrement(&s_pending);
    NTSTATUS status = FwpsInjectNetworkSendAsync0(s_inject, nullptr, 0, comp, clone, InjectComplete, nullptr);
    if (!NT_SUCCESS(status)) {
        InterlockedDecrement(&s_pending);
        FwpsFreeCloneNetBufferList0(clone, 0);
        permit();
        return;
    }

    InterlockedIncrement64(&s_rewritten);
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
}

} // namespace ttl
