#include "Injector.h"

namespace wfpi {

PNDIS_GENERIC_OBJECT Injector::s_ndisObject = nullptr;
NDIS_HANDLE          Injector::s_nblPool = nullptr;
HANDLE               Injector::s_injection = nullptr;
UINT32               Injector::s_calloutId = 0;
volatile LONG64      Injector::s_mirrored = 0;

namespace {

struct InjectContext {
    UINT32                      RemoteAddress;   // network order
    FWPS_TRANSPORT_SEND_PARAMS0 Params;
};

} // namespace

NTSTATUS Injector::Initialize(PDRIVER_OBJECT driver)
{
    NET_BUFFER_LIST_POOL_PARAMETERS params = {};

    s_ndisObject = NdisAllocateGenericObject(driver, WFPI_TAG, 0);
    if (s_ndisObject == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    params.fAllocateNetBuffer = TRUE;
    params.ContextSize = 0;
    params.PoolTag = WFPI_TAG;
    params.DataSize = 0;

    s_nblPool = NdisAllocateNetBufferListPool(s_ndisObject, &params);
    if (s_nblPool == nullptr) {
        NdisFreeGenericObject(s_ndisObject);
        s_ndisObject = nullptr;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_TRANSPORT,
                                                 &s_injection);
    if (!NT_SUCCESS(status)) {
        WLOG("FwpsInjectionHandleCreate0 failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

void Injector::Shutdown()
{
    if (s_injection != nullptr) {
        FwpsInjectionHandleDestroy0(s_injection);
        s_injection = nullptr;
    }
    if (s_nblPool != nullptr) {
        NdisFreeNetBufferListPool(s_nblPool);
        s_nblPool = nullptr;
    }
    if (s_ndisObject != nullptr) {
        NdisFreeGenericObject(s_ndisObject);
        s_ndisObject = nullptr;
    }
}

NTSTATUS Injector::RegisterCallout(PDEVICE_OBJECT device)
{
    FWPS_CALLOUT0 callout = {};
    callout.calloutKey = WFPI_CALLOUT_KEY;
    callout.classifyFn = Classify;
    callout.notifyFn = Notify;
    callout.flowDeleteFn = nullptr;

    return FwpsCalloutRegister0(device, &callout, &s_calloutId);
}

void Injector::UnregisterCallout()
{
    if (s_calloutId != 0) {
        FwpsCalloutUnregisterById0(s_calloutId);
        s_calloutId = 0;
    }
}

NTSTATUS NTAPI Injector::Notify(FWPS_CALLOUT_NOTIFY_TYPE, const GUID*, const FWPS_FILTER0*)
{
    return STATUS_SUCCESS;
}

void NTAPI Injector::InjectComplete(void* context, NET_BUFFER_LIST* nbl, BOOLEAN)
{
    if (NT_SUCCESS(nbl->Status)) {
        InterlockedIncrement64(&s_mirrored);
    }
    FwpsFreeCloneNetBufferList0(nbl, 0);
    ExFreePoolWithTag(context, WFPI_TAG);
}

NTSTATUS Injector::CloneAndInject(const FWPS_INCOMING_VALUES0* inFixedValues,
                                  const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                                  NET_BUFFER_LIST* nbl)
{
    if (!FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues,
                                        FWPS_METADATA_FIELD_TRANSPORT_ENDPOINT_HANDLE)) {
        return STATUS_NOT_SUPPORTED;
    }

    auto ctx = static_cast<InjectContext*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(InjectContext), WFPI_TAG));
    if (ctx == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    // WFP hands IPv4 addresses over in host order
    ctx->RemoteAddress = RtlUlongByteSwap(inFixedValues->incomingValue[
        FWPS_FIELD_OUTBOUND_TRANSPORT_V4_IP_REMOTE_ADDRESS].value.uint32);
    ctx->Params.remoteAddress = reinterpret_cast<UCHAR*>(&ctx->RemoteAddress);

    COMPARTMENT_ID compartment = UNSPECIFIED_COMPARTMENT_ID;
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_COMPARTMENT_ID)) {
        compartment = static_cast<COMPARTMENT_ID>(inMetaValues->compartmentId);
    }

    NET_BUFFER_LIST* clone = nullptr;
    NTSTATUS status = FwpsAllocateCloneNetBufferList0(nbl, s_nblPool, nullptr, 0, &clone);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ctx, WFPI_TAG);
        return status;
    }

    status = FwpsInjectTransportSendAsync0(s_injection, nullptr,
                                           inMetaValues->transportEndpointHandle, 0,
                                           &ctx->Params, AF_INET, compartment,
                                           clone, InjectComplete, ctx);
    if (!NT_SUCCESS(status)) {
        FwpsFreeCloneNetBufferList0(clone, 0);
        ExFreePoolWithTag(ctx, WFPI_TAG);
    }
    return status;
}

void NTAPI Injector::Classify(const FWPS_INCOMING_VALUES0* inFixedValues,
                              const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
                              void* layerData,
                              const FWPS_FILTER0* filter,
                              UINT64 flowContext,
                              FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    auto nbl = static_cast<NET_BUFFER_LIST*>(layerData);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) || nbl == nullptr) {
        return;
    }

    // our own copies come back through here; let them go
    auto state = FwpsQueryPacketInjectionState0(s_injection, nbl, nullptr);
    if (state == FWPS_PACKET_INJECTED_BY_SELF ||
        state == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
        return;
    }

    // best effort: original always continues, the copy may fail
    CloneAndInject(inFixedValues, inMetaValues, nbl);
    classifyOut->actionType = FWP_ACTION_CONTINUE;
}

} // namespace wfpi
