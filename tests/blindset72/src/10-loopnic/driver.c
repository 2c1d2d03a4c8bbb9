#include "loopnic.h"

NDIS_HANDLE g_LnDriverHandle = NULL;

DRIVER_INITIALIZE DriverEntry;
#pragma alloc_text(INIT, DriverEntry)

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS c;
    NDIS_STATUS st;

    NdisZeroMemory(&c, sizeof(c));
    c.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    c.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    c.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    c.MajorNdisVersion   = 6;
    c.MinorNdisVersion   = 30;
    c.MajorDriverVersion = 1;
    c.MinorDriverVersion = 4;

    c.SetOptionsHandler           = LnSetOptions;
    c.InitializeHandlerEx         = LnInitialize;
    c.HaltHandlerEx               = LnHalt;
    c.UnloadHandler               = LnUnload;
    c.PauseHandler                = LnPause;
    c.RestartHandler              = LnRestart;
    c.OidRequestHandler           = LnOidRequest;
    c.SendNetBufferListsHandler   = LnSend;
    c.ReturnNetBufferListsHandler = LnReturn;
    c.CancelSendHandler           = LnCancelSend;
    c.DevicePnPEventNotifyHandler = LnPnpEvent;
    c.ShutdownHandlerEx           = LnShutdown;
    c.CancelOidRequestHandler     = LnCancelOid;

    st = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &c, &g_LnDriverHandle);
    if (st != NDIS_STATUS_SUCCESS) {
        LNDBG("loopnic: register failed %08x\n", st);
        g_LnDriverHandle = NULL;
    }
    return st;
}

VOID
LnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    if (g_LnDriverHandle != NULL) {
        NdisMDeregisterMiniportDriver(g_LnDriverHandle);
        g_LnDriverHandle = NULL;
    }
}

NDIS_STATUS
LnSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

VOID LnShutdown(NDIS_HANDLE Ctx, NDIS_SHUTDOWN_ACTION Action)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Action);
}

VOID LnPnpEvent(NDIS_HANDLE Ctx, PNET_DEVICE_PNP_EVENT Ev)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Ev);
}

VOID LnCancelOid(NDIS_HANDLE Ctx, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(RequestId);
}

VOID LnCancelSend(NDIS_HANDLE Ctx, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID LnReturn(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, ULONG Flags)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Nbls);
    UNREFERENCED_PARAMETER(Flags);
}
