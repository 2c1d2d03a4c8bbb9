/*
 * portform.c - NDIS 6 miniport for the LB-1 loopback test adapter. Its
 * author came from SCSI miniports and declared DriverEntry in the port
 * form, which happens to link and run on x64.
 *
 * BUG (DE001): ULONG DriverEntry(PVOID, PVOID) is accepted only for ATA,
 * ScsiPort and Storport miniports; an NDIS miniport's DriverEntry is a
 * DRIVER_INITIALIZE (NTSTATUS, PDRIVER_OBJECT, PUNICODE_STRING), and the
 * casts below hide every type check on the two arguments.
 * DE002 (note): with this form no DRIVER_INITIALIZE declaration is possible.
 */

#include <ndis.h>

typedef struct _LB_GLOBALS {
    NDIS_HANDLE DriverHandle;
} LB_GLOBALS;

static LB_GLOBALS LbGlobals;

MINIPORT_INITIALIZE               LbInitializeEx;
MINIPORT_HALT                     LbHaltEx;
MINIPORT_UNLOAD                   LbDriverUnload;
MINIPORT_PAUSE                    LbPause;
MINIPORT_RESTART                  LbRestart;
MINIPORT_OID_REQUEST              LbOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS    LbSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS  LbReturnNetBufferLists;
MINIPORT_CANCEL_SEND              LbCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY  LbDevicePnpEventNotify;
MINIPORT_SHUTDOWN                 LbShutdownEx;
MINIPORT_CANCEL_OID_REQUEST       LbCancelOidRequest;

ULONG DriverEntry(PVOID Argument1, PVOID Argument2);

#pragma NDIS_INIT_FUNCTION(DriverEntry)

ULONG
DriverEntry(                                            // expect-entry: ndis-miniport; expect: DE001, DE002
    PVOID Argument1,
    PVOID Argument2
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;
    NDIS_STATUS status;

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion   = 6;
    chars.MinorNdisVersion   = 20;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;

    chars.InitializeHandlerEx         = LbInitializeEx;
    chars.HaltHandlerEx               = LbHaltEx;
    chars.UnloadHandler               = LbDriverUnload;
    chars.PauseHandler                = LbPause;
    chars.RestartHandler              = LbRestart;
    chars.OidRequestHandler           = LbOidRequest;
    chars.SendNetBufferListsHandler   = LbSendNetBufferLists;
    chars.ReturnNetBufferListsHandler = LbReturnNetBufferLists;
    chars.CancelSendHandler           = LbCancelSend;
    chars.DevicePnPEventNotifyHandler = LbDevicePnpEventNotify;
    chars.ShutdownHandlerEx           = LbShutdownEx;
    chars.CancelOidRequestHandler     = LbCancelOidRequest;

    status = NdisMRegisterMiniportDriver((PDRIVER_OBJECT)Argument1, (PUNICODE_STRING)Argument2,
                                         &LbGlobals, &chars, &LbGlobals.DriverHandle);
    return (ULONG)status;
}

VOID LbDriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(LbGlobals.DriverHandle);
}

NDIS_STATUS LbInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    UNREFERENCED_PARAMETER(NdisMiniportHandle);
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
    return NDIS_STATUS_ADAPTER_NOT_FOUND;   /* adapter bring-up not part of this excerpt */
}

VOID LbHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(HaltAction);
}

NDIS_STATUS LbPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LbRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LbOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID LbSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(SendFlags);
}

VOID LbReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                            ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID LbCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID LbDevicePnpEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID LbShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID LbCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
