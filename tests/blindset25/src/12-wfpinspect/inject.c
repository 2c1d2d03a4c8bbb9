/*
 * inject.c - classify, inspection and re-injection
 *
 * Copyright (c) WfpInspect developers. MIT licensed.
 */
#include "wfpinspect.h"

static FWPS_INJECT_COMPLETE WiInjectComplete;

/* at the outbound transport layer each NET_BUFFER starts with the transport header */
static VOID WiInspect(_In_ PNET_BUFFER_LIST Nbl, _In_ ULONG TransportHeaderSize)
{
    PNET_BUFFER nb;
    LONG64 packets = 0;
    LONG64 payload = 0;

    for (nb = NET_BUFFER_LIST_FIRST_NB(Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
        ULONG length = NET_BUFFER_DATA_LENGTH(nb);

        packets++;
        if (length > TransportHeaderSize) {
            payload += length - TransportHeaderSize;
        }
    }
    InterlockedAdd64(&g_Wi.InspectedPackets, packets);
    InterlockedAdd64(&g_Wi.PayloadBytes, payload);
}

static VOID NTAPI WiInjectComplete(VOID *context, NET_BUFFER_LIST *netBufferList, BOOLEAN dispatchLevel)
{
    PWI_INJECT_CONTEXT injectContext = (PWI_INJECT_CONTEXT)context;

    UNREFERENCED_PARAMETER(dispatchLevel);

    if (!NT_SUCCESS(netBufferList->Status)) {
        WI_ERROR("re-injection completed with 0x%08X", netBufferList->Status);
    }

    FwpsFreeCloneNetBufferList(netBufferList, 0);
    ExFreePoolWithTag(injectContext, WI_TAG);

    /* last thing we do: lets WiTeardown continue */
    ExReleaseRundownProtection(&g_Wi.InjectionRundown);
}

_Use_decl_annotations_
VOID NTAPI WiClassifyOutbound(
    const FWPS_INCOMING_VALUES *inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *inMetaValues,
    VOID *layerData,
    const VOID *classifyContext,
    const FWPS_FILTER *filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT *classifyOut)
{
    PNET_BUFFER_LIST original = (PNET_BUFFER_LIST)layerData;
    PNET_BUFFER_LIST clone = NULL;
    PWI_INJECT_CONTEXT injectContext = NULL;
    FWPS_PACKET_INJECTION_STATE injectionState;
    ADDRESS_FAMILY family;
    COMPARTMENT_ID compartment = UNSPECIFIED_COMPARTMENT_ID;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }
    classifyOut->actionType = FWP_ACTION_PERMIT;

    if (original == NULL ||
        !FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_TRANSPORT_ENDPOINT_HANDLE)) {
        return;
    }

    injectionState = FwpsQueryPacketInjectionState(g_Wi.InjectionHandle, original, NULL);
    if (injectionState == FWPS_PACKET_INJECTED_BY_SELF ||
        injectionState == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        return;     /* our own clone coming back round */
    }

    /* fails once WiTeardown started waiting: then just let the packet go */
    if (!ExAcquireRundownProtection(&g_Wi.InjectionRundown)) {
        return;
    }

    injectContext = (PWI_INJECT_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WI_INJECT_CONTEXT), WI_TAG);
    if (injectContext == NULL) {
        goto PassThrough;
    }

    if (inFixedValues->layerId == FWPS_LAYER_OUTBOUND_TRANSPORT_V4) {
        /* the classify value is in host order, the send parameters want network order */
        UINT32 address = RtlUlongByteSwap(
            inFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_TRANSPORT_V4_IP_REMOTE_ADDRESS].value.uint32);
        RtlCopyMemory(injectContext->RemoteAddress, &address, sizeof(address));
        family = AF_INET;
    } else {
        RtlCopyMemory(injectContext->RemoteAddress,
                      inFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_TRANSPORT_V6_IP_REMOTE_ADDRESS].value.byteArray16->byteArray16,
                      16);
        family = AF_INET6;
    }

    RtlZeroMemory(&injectContext->SendParams, sizeof(injectContext->SendParams));
    injectContext->SendParams.remoteAddress = injectContext->RemoteAddress;
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_REMOTE_SCOPE_ID)) {
        injectContext->SendParams.remoteScopeId = inMetaValues->remoteScopeId;
    }
    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_COMPARTMENT_ID)) {
        compartment = (COMPARTMENT_ID)inMetaValues->compartmentId;
    }

    WiInspect(original,
              FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_TRANSPORT_HEADER_SIZE) ?
                  inMetaValues->transportHeaderSize : 0);

    status = FwpsAllocateCloneNetBufferList(original, NULL, NULL, 0, &clone);
    if (!NT_SUCCESS(status)) {
        goto PassThrough;
    }

    status = FwpsInjectTransportSendAsync(g_Wi.InjectionHandle, NULL, inMetaValues->transportEndpointHandle,
                                          0, &injectContext->SendParams, family, compartment, clone,
                                          WiInjectComplete, injectContext);
    if (!NT_SUCCESS(status)) {
        FwpsFreeCloneNetBufferList(clone, 0);
        goto PassThrough;
    }

    /* the clone carries the data on; the original is absorbed */
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    InterlockedIncrement64(&g_Wi.Reinjected);
    return;     /* rundown reference is released in WiInjectComplete */

PassThrough:
    if (injectContext != NULL) {
        ExFreePoolWithTag(injectContext, WI_TAG);
    }
    ExReleaseRundownProtection(&g_Wi.InjectionRundown);
    InterlockedIncrement64(&g_Wi.PassedThrough);
}

_Use_decl_annotations_
NTSTATUS NTAPI WiNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER *filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        WI_INFO("filter added");
    } else if (notifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        WI_INFO("filter deleted");
    }
    return STATUS_SUCCESS;
}
