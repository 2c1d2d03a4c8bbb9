// adapter.c - per-adapter initialize / halt / pause / restart
#include "vnic.h"

static NDIS_TIMER_FUNCTION VnStatsTimer;

static VOID
VnAssignMacAddress(_Inout_ PVN_ADAPTER Adapter)
{
    /* locally administered: 02-46-41-00-nn-nn, one per adapter instance */
    static const UCHAR prefix[4] = { 0x02, 0x46, 0x41, 0x00 };
    static volatile LONG instance = 0;
    LONG n = InterlockedIncrement(&instance);

    NdisMoveMemory(Adapter->PermanentAddress, prefix, sizeof(prefix));
    Adapter->PermanentAddress[4] = (UCHAR)(n >> 8);
    Adapter->PermanentAddress[5] = (UCHAR)n;
    NdisMoveMemory(Adapter->CurrentAddress, Adapter->PermanentAddress, VN_ETH_ADDR_LEN);
}

static NDIS_STATUS
VnSetAttributes(_In_ PVN_ADAPTER Adapter)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attrs;
    PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg = &attrs.RegistrationAttributes;
    PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen = &attrs.GeneralAttributes;

    NdisZeroMemory(&attrs, sizeof(attrs));
    reg->Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg->Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg->Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg->MiniportAdapterContext    = Adapter;
    reg->AttributeFlags            = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg->CheckForHangTimeInSeconds = 0;
    reg->InterfaceType             = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(Adapter->MiniportHandle, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NdisZeroMemory(&attrs, sizeof(attrs));
    gen->Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen->Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen->Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    gen->MediaType          = NdisMedium802_3;
    gen->PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen->MtuSize            = VN_MTU;
    gen->MaxXmitLinkSpeed   = gen->MaxRcvLinkSpeed = VN_LINK_SPEED;
    gen->XmitLinkSpeed      = gen->RcvLinkSpeed = VN_LINK_SPEED;
    gen->MediaConnectState  = MediaConnectStateConnected;
    gen->MediaDuplexState   = MediaDuplexStateFull;
    gen->LookaheadSize      = VN_MTU;
    gen->MacOptions         = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                              NDIS_MAC_OPTION_NO_LOOPBACK;
    gen->SupportedPacketFilters = VN_SUPPORTED_FILTERS;
    gen->MaxMulticastListSize   = VN_MAX_MCAST;
    gen->MacAddressLength       = VN_ETH_ADDR_LEN;
    NdisMoveMemory(gen->PermanentMacAddress, Adapter->PermanentAddress, VN_ETH_ADDR_LEN);
    NdisMoveMemory(gen->CurrentMacAddress, Adapter->CurrentAddress, VN_ETH_ADDR_LEN);

    gen->AccessType         = NET_IF_ACCESS_BROADCAST;
    gen->DirectionType      = NET_IF_DIRECTION_SENDRECEIVE;
    gen->ConnectionType     = NET_IF_CONNECTION_DEDICATED;
    gen->IfType             = IF_TYPE_ETHERNET_CSMACD;
    gen->IfConnectorPresent = FALSE;
    gen->SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED | NDIS_STATISTICS_DIRECTED_BYTES_XMIT_SUPPORTED;
    gen->SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen->SupportedOidList        = (PNDIS_OID)VnSupportedOids;
    gen->SupportedOidListLength  = VnSupportedOidsSize;
    /* RSS and PM capabilities stay NULL (zeroed above) */

    return NdisMSetMiniportAttributes(Adapter->MiniportHandle, &attrs);
}

_Use_decl_annotations_
NDIS_STATUS
VnInitializeEx(
    NDIS_HANDLE MiniportAdapterHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    NDIS_STATUS status;
    PVN_ADAPTER adapter;
    NDIS_TIMER_CHARACTERISTICS timerChars;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(VN_ADAPTER), VN_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(VN_ADAPTER));

    adapter->MiniportHandle = MiniportAdapterHandle;
    adapter->Paused         = TRUE;
    adapter->Lookahead      = VN_MTU;

    VnAssignMacAddress(adapter);

    status = VnSetAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        goto FreeAdapter;
    }

    NdisZeroMemory(&timerChars, sizeof(timerChars));
    timerChars.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timerChars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.AllocationTag   = VN_TAG;
    timerChars.TimerFunction   = VnStatsTimer;
    timerChars.FunctionContext = adapter;

    status = NdisAllocateTimerObject(MiniportAdapterHandle, &timerChars, &adapter->StatsTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        goto FreeAdapter;
    }

    NdisAcquireSpinLock(&g_Vn.AdapterListLock);
    InsertTailList(&g_Vn.AdapterList, &adapter->Link);
    NdisReleaseSpinLock(&g_Vn.AdapterListLock);

    due.QuadPart = -10000LL * VN_STATS_PERIOD_MS;
    NdisSetTimerObject(adapter->StatsTimer, due, VN_STATS_PERIOD_MS, NULL);

    return NDIS_STATUS_SUCCESS;

FreeAdapter:
    NdisFreeMemory(adapter, 0, 0);
    return status;
}

_Use_decl_annotations_
VOID VnHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    /* periodic timer + PASSIVE_LEVEL: this also waits for a running callback */
    NdisCancelTimerObject(adapter->StatsTimer);
    NdisFreeTimerObject(adapter->StatsTimer);
    adapter->StatsTimer = NULL;

    NdisAcquireSpinLock(&g_Vn.AdapterListLock);
    RemoveEntryList(&adapter->Link);
    NdisReleaseSpinLock(&g_Vn.AdapterListLock);

    NdisFreeMemory(adapter, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS VnPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* sends complete synchronously, nothing is outstanding */
    InterlockedExchange(&adapter->Paused, TRUE);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS VnRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    InterlockedExchange(&adapter->Paused, FALSE);
    return NDIS_STATUS_SUCCESS;
}

/* no hardware: nothing to quiesce on shutdown, no PnP events of interest */
_Use_decl_annotations_
VOID VnShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID VnDevicePnpEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
static VOID
VnStatsTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)FunctionContext;
    LONG64 frames = adapter->TxFrames;

    UNREFERENCED_PARAMETER(SystemSpecific1); UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    adapter->TxFramesPerSecond = (ULONG)((frames - adapter->TxFramesLastTick) * 1000 / VN_STATS_PERIOD_MS);
    adapter->TxFramesLastTick = frames;
}
