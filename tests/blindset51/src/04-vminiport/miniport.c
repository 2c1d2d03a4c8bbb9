/* miniport.c - DriverEntry, unload and the small stuff NDIS insists on. */
#include "vminiport.h"

VMP_GLOBALS g_Vmp;

DRIVER_INITIALIZE   DriverEntry;
MINIPORT_UNLOAD     VmpDriverUnload;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(VmpDriverUnload)

static NDIS_OID VmpSupportedOids[] = {
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_802_3_MULTICAST_LIST,
};

PNDIS_OID   VmpOidList = VmpSupportedOids;
ULONG       VmpOidListSize = sizeof(VmpSupportedOids);

static NTSTATUS
VmpInitGlobals(VOID)
{
    NdisZeroMemory(&g_Vmp, sizeof(g_Vmp));
    NdisAllocateSpinLock(&g_Vmp.Lock);
    InitializeListHead(&g_Vmp.AdapterList);
    g_Vmp.NextMacSuffix = 1;
    return STATUS_SUCCESS;
}

static VOID
VmpFreeGlobals(VOID)
{
    NT_ASSERT(IsListEmpty(&g_Vmp.AdapterList));
    NdisFreeSpinLock(&g_Vmp.Lock);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS                            ntStatus = STATUS_SUCCESS;
    NDIS_STATUS                         ndisStatus;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mchars;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEnter(DBG_INIT);

    ntStatus = VmpInitGlobals();
    if (!NT_SUCCESS(ntStatus)) {
        WPP_CLEANUP(DriverObject);
        return ntStatus;
    }

    NdisZeroMemory(&mchars, sizeof(mchars));
    mchars.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mchars.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mchars.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mchars.MajorNdisVersion = VMP_NDIS_MAJOR;
    mchars.MinorNdisVersion = VMP_NDIS_MINOR;
    mchars.MajorDriverVersion = VMP_DRV_MAJOR;
    mchars.MinorDriverVersion = VMP_DRV_MINOR;
    mchars.Flags            = 0;

    mchars.InitializeHandlerEx          = VmpInitializeEx;
    mchars.HaltHandlerEx                = VmpHaltEx;
    mchars.UnloadHandler                = VmpDriverUnload;
    mchars.PauseHandler                 = VmpPause;
    mchars.RestartHandler               = VmpRestart;
    mchars.OidRequestHandler            = VmpOidRequest;
    mchars.CancelOidRequestHandler      = VmpCancelOidRequest;
    mchars.SendNetBufferListsHandler    = VmpSendNbls;
    mchars.ReturnNetBufferListsHandler  = VmpReturnNbls;
    mchars.CancelSendHandler            = VmpCancelSend;
    mchars.DevicePnPEventNotifyHandler  = VmpPnpEventNotify;
    mchars.ShutdownHandlerEx            = VmpShutdownEx;
    mchars.CheckForHangHandlerEx        = NULL;     /* virtual, never hangs */
    mchars.ResetHandlerEx               = NULL;

    ndisStatus = NdisMRegisterMiniportDriver(DriverObject,
                                             RegistryPath,
                                             (NDIS_HANDLE)&g_Vmp,
                                             &mchars,
                                             &g_Vmp.DriverHandle);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        TraceEvents(VMP_LVL_ERROR, DBG_INIT, "NdisMRegisterMiniportDriver 0x%08X", ndisStatus);
        VmpFreeGlobals();
        WPP_CLEANUP(DriverObject);
    }

    TraceExit(DBG_INIT, ntStatus);
    return ntStatus;
}

VOID
VmpDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    TraceEnter(DBG_INIT);

    NdisMDeregisterMiniportDriver(g_Vmp.DriverHandle);
    VmpFreeGlobals();

    WPP_CLEANUP(DriverObject);
}

/* ---------- OIDs: NDIS answers most queries from the attributes ---------- */

NDIS_STATUS
VmpOidRequest(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_OID_REQUEST Req
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)MiniportAdapterContext;
    PVOID   buf = Req->DATA.SET_INFORMATION.InformationBuffer;
    ULONG   len = Req->DATA.SET_INFORMATION.InformationBufferLength;

    if (Req->RequestType != NdisRequestSetInformation) {
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    switch (Req->DATA.SET_INFORMATION.Oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
        if (len < sizeof(ULONG)) {
            Req->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        adapter->PacketFilter = *(PULONG)buf;
        Req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_GEN_CURRENT_LOOKAHEAD:
    case OID_802_3_MULTICAST_LIST:
        Req->DATA.SET_INFORMATION.BytesRead = len;  /* accept and ignore */
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

VOID
VmpCancelOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(RequestId);
}

VOID
VmpCancelSend(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(CancelId);
}

VOID
VmpPnpEventNotify(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    TraceEvents(VMP_LVL_INFO, DBG_PNP, "pnp event %d", NetDevicePnPEvent->DevicePnPEvent);
}

VOID
VmpShutdownEx(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(ShutdownAction);
}
