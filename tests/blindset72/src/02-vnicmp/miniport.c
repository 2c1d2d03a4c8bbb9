#include "vnic.h"

VNIC_DRIVER g_Vnic = { 0 };

DRIVER_INITIALIZE DriverEntry;
MINIPORT_UNLOAD   VnicDriverUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    VTRACE("DriverEntry\n");

    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mc.MajorNdisVersion   = VNIC_NDIS_MAJOR;
    mc.MinorNdisVersion   = VNIC_NDIS_MINOR;
    mc.MajorDriverVersion = 0;
    mc.MinorDriverVersion = 9;

    mc.InitializeHandlerEx          = VnicInitializeEx;
    mc.HaltHandlerEx                = VnicHaltEx;
    mc.UnloadHandler                = VnicDriverUnload;
    mc.PauseHandler                 = VnicPause;
    mc.RestartHandler               = VnicRestart;
    mc.OidRequestHandler            = VnicOidRequest;
    mc.SendNetBufferListsHandler    = VnicSendNbls;
    mc.ReturnNetBufferListsHandler  = VnicReturnNbls;
    mc.CancelSendHandler            = VnicCancelSend;
    mc.DevicePnPEventNotifyHandler  = VnicPnpEvent;
    mc.ShutdownHandlerEx            = VnicShutdownEx;
    mc.CancelOidRequestHandler      = VnicCancelOid;
    mc.CheckForHangHandlerEx        = NULL;
    mc.ResetHandlerEx               = NULL;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath,
                                         (NDIS_HANDLE)&g_Vnic, &mc,
                                         &g_Vnic.MiniportDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        VTRACE("NdisMRegisterMiniportDriver -> %08x\n", status);
        return status;
    }

    VTRACE("registered %p\n", g_Vnic.MiniportDriverHandle);
    return STATUS_SUCCESS;
}

VOID
VnicDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* NDIS has already halted every adapter by the time we get here */
    VTRACE("unload, adapters=%lu\n", g_Vnic.AdapterCount);
    g_Vnic.MiniportDriverHandle = NULL;
}

VOID
VnicShutdownEx(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID
VnicPnpEvent(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    VTRACE("pnp event %d\n", NetDevicePnPEvent->DevicePnPEvent);
}

VOID
VnicCancelOid(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
