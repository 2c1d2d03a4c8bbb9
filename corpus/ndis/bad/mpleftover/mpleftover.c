/*
 * mpleftover.c - "loopnic" as ../../mpinit/mpinit.c, its link-poll timer
 * allocated before the receive pool. When the pool cannot be allocated the
 * ladder releases what came before, but the status returned is still the
 * timer's success: NDIS takes the adapter as initialized, and calls its
 * handlers with a context that has been freed.
 *
 * Violates: DE019 (and NDIS007 on the same return: no attributes were set).
 */

#include <ndis.h>

#define LN_TAG          'nLpL'
#define LN_DEFAULT_MTU  1500

typedef struct _LN_ADAPTER {
    NDIS_HANDLE MiniportHandle;
    NDIS_HANDLE RxPool;
    NDIS_HANDLE LinkTimer;
    ULONG       Mtu;
} LN_ADAPTER, *PLN_ADAPTER;

static NDIS_HANDLE LnDriverHandle;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE               LnInitializeEx;
MINIPORT_HALT                     LnHaltEx;
MINIPORT_UNLOAD                   LnUnload;
MINIPORT_PAUSE                    LnPause;
MINIPORT_RESTART                  LnRestart;
MINIPORT_OID_REQUEST              LnOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS    LnSend;
MINIPORT_RETURN_NET_BUFFER_LISTS  LnReturn;
MINIPORT_CANCEL_SEND              LnCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY  LnPnpEvent;
MINIPORT_SHUTDOWN                 LnShutdownEx;
MINIPORT_CANCEL_OID_REQUEST       LnCancelOid;
NDIS_TIMER_FUNCTION               LnLinkPoll;

VOID LnLinkPoll(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
}

/* The MTU the administrator set for this adapter, or the default. */
static ULONG LnReadMtu(NDIS_HANDLE MiniportHandle)
{
    NDIS_CONFIGURATION_OBJECT cfgObject;
    NDIS_HANDLE config;
    PNDIS_CONFIGURATION_PARAMETER value;
    NDIS_STRING keyword = NDIS_STRING_CONST("MTU");
    NDIS_STATUS status;
    ULONG mtu = LN_DEFAULT_MTU;

    NdisZeroMemory(&cfgObject, sizeof(cfgObject));
    cfgObject.Header.Type = NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT;
    cfgObject.Header.Revision = NDIS_CONFIGURATION_OBJECT_REVISION_1;
    cfgObject.Header.Size = NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1;
    cfgObject.NdisHandle = MiniportHandle;
    if (NdisOpenConfigurationEx(&cfgObject, &config) != NDIS_STATUS_SUCCESS)
        return mtu;
    NdisReadConfiguration(&status, &value, config, &keyword, NdisParameterInteger);
    if (status == NDIS_STATUS_SUCCESS && value->ParameterData.IntegerData >= 576)
        mtu = value->ParameterData.IntegerData;
    NdisCloseConfiguration(config);
    return mtu;
}

NDIS_STATUS LnInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES regAttrs;
    NET_BUFFER_LIST_POOL_PARAMETERS poolParams;
    NDIS_TIMER_CHARACTERISTICS timerChars;
    PLN_ADAPTER adapter;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    adapter = (PLN_ADAPTER)NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(*adapter), LN_TAG,
                                                             NormalPoolPriority);
    if (adapter == NULL)
        return NDIS_STATUS_RESOURCES;
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->MiniportHandle = NdisMiniportHandle;
    adapter->Mtu = LnReadMtu(NdisMiniportHandle);

    NdisZeroMemory(&timerChars, sizeof(timerChars));
    timerChars.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timerChars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.AllocationTag = LN_TAG;
    timerChars.TimerFunction = LnLinkPoll;
    timerChars.FunctionContext = adapter;
    status = NdisAllocateTimerObject(NdisMiniportHandle, &timerChars, &adapter->LinkTimer);
    if (status != NDIS_STATUS_SUCCESS)
        goto free_adapter;

    NdisZeroMemory(&poolParams, sizeof(poolParams));
    poolParams.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    poolParams.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.fAllocateNetBuffer = TRUE;
    poolParams.PoolTag = LN_TAG;
    poolParams.DataSize = adapter->Mtu;
    adapter->RxPool = NdisAllocateNetBufferListPool(NdisMiniportHandle, &poolParams);
    if (adapter->RxPool == NULL)
        goto free_timer;

    NdisZeroMemory(&regAttrs, sizeof(regAttrs));
    regAttrs.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    regAttrs.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    regAttrs.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    regAttrs.MiniportAdapterContext = adapter;
    regAttrs.InterfaceType = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&regAttrs);
    if (status != NDIS_STATUS_SUCCESS)
        goto free_pool;
    return NDIS_STATUS_SUCCESS;

free_pool:
    NdisFreeNetBufferListPool(adapter->RxPool);
free_timer:
    NdisFreeTimerObject(adapter->LinkTimer);
free_adapter:
    NdisFreeMemoryWithTagPriority(NdisMiniportHandle, adapter, LN_TAG);
    return status; // expect: DE019, NDIS007
}

VOID LnHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PLN_ADAPTER adapter = (PLN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);
    NdisCancelTimerObject(adapter->LinkTimer);
    NdisFreeTimerObject(adapter->LinkTimer);
    NdisFreeNetBufferListPool(adapter->RxPool);
    NdisFreeMemoryWithTagPriority(adapter->MiniportHandle, adapter, LN_TAG);
}

NDIS_STATUS LnPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LnRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LnOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID LnSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
            ULONG SendFlags)
{
    PLN_ADAPTER adapter = (PLN_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;

    UNREFERENCED_PARAMETER(PortNumber);
    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
        NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_SUCCESS;
    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID LnReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID LnCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID LnPnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID LnShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID LnCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}

VOID LnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(LnDriverHandle);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: ndis-miniport
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = 6;
    chars.MinorNdisVersion = 30;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;
    chars.InitializeHandlerEx = LnInitializeEx;
    chars.HaltHandlerEx = LnHaltEx;
    chars.UnloadHandler = LnUnload;
    chars.PauseHandler = LnPause;
    chars.RestartHandler = LnRestart;
    chars.OidRequestHandler = LnOidRequest;
    chars.SendNetBufferListsHandler = LnSend;
    chars.ReturnNetBufferListsHandler = LnReturn;
    chars.CancelSendHandler = LnCancelSend;
    chars.DevicePnPEventNotifyHandler = LnPnpEvent;
    chars.ShutdownHandlerEx = LnShutdownEx;
    chars.CancelOidRequestHandler = LnCancelOid;
    return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &chars, &LnDriverHandle);
}
