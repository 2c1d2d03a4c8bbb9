// miniport.c - DriverEntry / unload for the Fabrikam virtual NIC
#include "vnic.h"

DRIVER_INITIALIZE       DriverEntry;
MINIPORT_UNLOAD         VnDriverUnload;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(VnDriverUnload)

VN_GLOBALS g_Vn;

static VOID
VnInitGlobals(VOID)
{
    NdisZeroMemory(&g_Vn, sizeof(g_Vn));
    NdisAllocateSpinLock(&g_Vn.AdapterListLock);
    InitializeListHead(&g_Vn.AdapterList);
}

static VOID
VnFreeGlobals(VOID)
{
    NT_ASSERT(IsListEmpty(&g_Vn.AdapterList));
    NdisFreeSpinLock(&g_Vn.AdapterListLock);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

    /* MiniportInitializeEx can run before NdisMRegisterMiniportDriver returns */
    VnInitGlobals();

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    chars.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    chars.MajorNdisVersion   = VN_NDIS_MAJOR;    chars.MinorNdisVersion   = VN_NDIS_MINOR;
    chars.MajorDriverVersion = VN_DRIVER_MAJOR;  chars.MinorDriverVersion = VN_DRIVER_MINOR;

    chars.InitializeHandlerEx          = VnInitializeEx;
    chars.HaltHandlerEx                = VnHaltEx;
    chars.UnloadHandler                = VnDriverUnload;
    chars.PauseHandler                 = VnPause;
    chars.RestartHandler               = VnRestart;
    chars.OidRequestHandler            = VnOidRequest;
    chars.CancelOidRequestHandler      = VnCancelOidRequest;
    chars.SendNetBufferListsHandler    = VnSendNetBufferLists;
    chars.CancelSendHandler            = VnCancelSend;
    chars.ReturnNetBufferListsHandler  = VnReturnNetBufferLists;
    chars.DevicePnPEventNotifyHandler  = VnDevicePnpEventNotify;
    chars.ShutdownHandlerEx            = VnShutdownEx;
    /* no CheckForHang / Reset: nothing can hang */

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, (NDIS_HANDLE)&g_Vn,
                                         &chars, &g_Vn.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        g_Vn.DriverHandle = NULL;
        VnFreeGlobals();
        return status;
    }

    return NDIS_STATUS_SUCCESS;
}

VOID
VnDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* all adapters have been halted by now */
    NdisMDeregisterMiniportDriver(g_Vn.DriverHandle);
    g_Vn.DriverHandle = NULL;

    VnFreeGlobals();
}
