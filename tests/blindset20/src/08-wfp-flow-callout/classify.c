/*++

Copyright (c) Adatum Network Security.  All rights reserved.

Module Name:

    classify.c

Abstract:

    Classify and notify functions of the flow monitor callouts.

Environment:

    Kernel mode, classify functions run at <= DISPATCH_LEVEL.

--*/

#include "flowmon.h"

typedef struct _FM_FIELD_MAP {
    UINT16  LayerId;
    UINT32  LocalAddress;
    UINT32  LocalPort;
    UINT32  RemoteAddress;
    UINT32  RemotePort;
    UINT32  Protocol;
    UINT16  AddressFamily;
} FM_FIELD_MAP;

//
// Field indices differ per layer; the established-flow logger uses this
// table to stay layer-agnostic.
//
static const FM_FIELD_MAP FmEstablishedFields[] = {
    { FWPS_LAYER_ALE_FLOW_ESTABLISHED_V4,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_LOCAL_ADDRESS,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_LOCAL_PORT,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_REMOTE_ADDRESS,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_REMOTE_PORT,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_PROTOCOL,
      AF_INET },
#if defined(FM_ENABLE_IPV6)
    { FWPS_LAYER_ALE_FLOW_ESTABLISHED_V6,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_LOCAL_ADDRESS,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_LOCAL_PORT,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_REMOTE_ADDRESS,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_REMOTE_PORT,
      FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_PROTOCOL,
      AF_INET6 },
#endif
};


static
BOOLEAN
FmIsPortBlocked(
    _In_ UINT16 RemotePort
    )
{
    ULONG i;

    for (i = 0; i < g_Fm.BlockedPortCount; i++) {
        if (g_Fm.BlockedPorts[i] == RemotePort) {
            return TRUE;
        }
    }

    return FALSE;
}


static
VOID
FmCopyAddress(
    _Out_writes_(16) UINT8 *Destination,
    _In_ const FWP_VALUE0 *Value
    )
{
    RtlZeroMemory(Destination, 16);

    if (Value->type == FWP_UINT32) {
        //
        // IPv4 addresses arrive in host order.
        //
        UINT32 address = RtlUlongByteSwap(Value->uint32);
        RtlCopyMemory(Destination, &address, sizeof(address));
    } else if (Value->type == FWP_BYTE_ARRAY16_TYPE && Value->byteArray16 != NULL) {
        RtlCopyMemory(Destination, Value->byteArray16->byteArray16, 16);
    }
}


static
VOID
FmRecordFlow(
    _In_ const FM_FLOW_RECORD *Record
    )
{
    KLOCK_QUEUE_HANDLE lockHandle;

    KeAcquireInStackQueuedSpinLock(&g_Fm.RingLock, &lockHandle);

    if (g_Fm.Ring != NULL) {
        RtlCopyMemory(&g_Fm.Ring[g_Fm.RingHead], Record, sizeof(*Record));
        g_Fm.RingHead = (g_Fm.RingHead + 1) % FM_RING_ENTRIES;
        if (g_Fm.RingCount < FM_RING_ENTRIES) {
            g_Fm.RingCount++;
        }
    }

    KeReleaseInStackQueuedSpinLock(&lockHandle);
}


void NTAPI
FmClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
/*++

Routine Description:

    Terminating callout: blocks connections whose remote port is on the
    policy list, permits everything else.

--*/
{
    UINT32 portField;
    UINT16 remotePort;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(flowContext);

    //
    // A higher-weight filter may already have made a hard decision.
    //
    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    InterlockedIncrement64(&g_Fm.Stats.ConnectsSeen);

#if defined(FM_ENABLE_IPV6)
    portField = (inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V6)
                    ? FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT
                    : FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT;
#else
    portField = FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT;
#endif

    remotePort = inFixedValues->incomingValue[portField].value.uint16;

    if (FmIsPortBlocked(remotePort)) {

        InterlockedIncrement64(&g_Fm.Stats.ConnectsBlocked);

        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;

        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;

    if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
    }
}


void NTAPI
FmClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    UNREFERENCED_PARAMETER(inFixedValues);
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    InterlockedIncrement64(&g_Fm.Stats.AcceptsSeen);

    //
    // Inspection only.
    //
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}


void NTAPI
FmClassifyEstablished(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    const FM_FIELD_MAP *map = NULL;
    FM_FLOW_RECORD record;
    ULONG i;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }

    for (i = 0; i < RTL_NUMBER_OF(FmEstablishedFields); i++) {
        if (FmEstablishedFields[i].LayerId == inFixedValues->layerId) {
            map = &FmEstablishedFields[i];
            break;
        }
    }

    if (map == NULL) {
        return;
    }

    RtlZeroMemory(&record, sizeof(record));
    KeQuerySystemTimePrecise(&record.Time);

    record.AddressFamily = map->AddressFamily;
    record.Protocol = inFixedValues->incomingValue[map->Protocol].value.uint8;
    record.LocalPort = inFixedValues->incomingValue[map->LocalPort].value.uint16;
    record.RemotePort = inFixedValues->incomingValue[map->RemotePort].value.uint16;
    FmCopyAddress(record.LocalAddress, &inFixedValues->incomingValue[map->LocalAddress].value);
    FmCopyAddress(record.RemoteAddress, &inFixedValues->incomingValue[map->RemoteAddress].value);

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        record.ProcessId = inMetaValues->processId;
    }

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PACKET_DIRECTION)) {
        record.Direction = (UINT8)inMetaValues->packetDirection;
    }

    FmRecordFlow(&record);
    InterlockedIncrement64(&g_Fm.Stats.FlowsLogged);
}


NTSTATUS NTAPI
FmNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _Inout_ FWPS_FILTER1 *filter
    )
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {

    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        FM_TRACE("filter %I64u added", filter->filterId);
        break;

    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        FM_TRACE("filter %I64u deleted", filter->filterId);
        break;

    default:
        break;
    }

    return STATUS_SUCCESS;
}
