/*
 * driver.c - DriverEntry and unload for the VNET virtual miniport.
 */
#include "vnetmp.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VnetDriverUnload)
#pragma alloc_text(PAGE, VnetSetOptions)
#endif

ULONG g_VnetDebugLevel = VNET_LOG_WARN;

static
VOID
VnetFillCharacteristics(
    _Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
    NdisZeroMemory(Chars, sizeof(*Chars));

    Chars->Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars->Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    Chars->MajorNdisVersion   = VNET_MAJOR_NDIS_VERSION;
    Chars->MinorNdisVersion   = VNET_MINOR_NDIS_VERSION;
    Chars->MajorDriverVersion = VNET_MAJOR_DRIVER_VERSION;
    Chars->MinorDriverVersion = VNET_MINOR_DRIVER_VERSION;

    Chars->SetOptionsHandler            = VnetSetOptions;
    Chars->InitializeHandlerEx          = VnetInitializeEx;
    Chars->HaltHandlerEx                = VnetHaltEx;
    Chars->UnloadHandler                = VnetDriverUnload;
    Chars->PauseHandler                 = VnetPause;
    Chars->RestartHandler               = VnetRestart;
    Chars->OidRequestHandler            = VnetOidRequest;
    Chars->SendNetBufferListsHandler    = VnetSendNetBufferLists;
    Chars->ReturnNetBufferListsHandler  = VnetReturnNetBufferLists;
    Chars->CancelSendHandler            = VnetCancelSend;
    Chars->CheckForHangHandlerEx        = VnetCheckForHangEx;
    Chars->ResetHandlerEx               = VnetResetEx;
    Chars->DevicePnPEventNotifyHandler  = VnetDevicePnPEventNotify;
    Chars->ShutdownHandlerEx            = VnetShutdownEx;
    Chars->CancelOidRequestHandler      = VnetCancelOidRequest;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                           status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS  chars;

    VNET_LOG(VNET_LOG_INFO, "DriverEntry %wZ", RegistryPath);

    //
    // Global state first: the adapter list and its lock must exist before
    // NDIS can call MiniportInitializeEx, which may happen as soon as the
    // registration below returns.
    //
    status = VnetInitializeGlobals(DriverObject, RegistryPath);
    if (status != NDIS_STATUS_SUCCESS) {
        VNET_LOG(VNET_LOG_ERROR, "VnetInitializeGlobals failed 0x%08x", status);
        return status;
    }

    //
    // Optional tunables. Missing values keep their defaults; a failure
    // here never fails the load.
    //
    VnetReadDriverParameters(RegistryPath);

    VnetFillCharacteristics(&chars);

    status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         (NDIS_HANDLE)&g_Vnet,
                                         &chars,
                                         &g_Vnet.MiniportDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        VNET_LOG(VNET_LOG_ERROR, "NdisMRegisterMiniportDriver failed 0x%08x", status);
        g_Vnet.MiniportDriverHandle = NULL;
        VnetUninitializeGlobals();
        return status;
    }

    g_Vnet.Flags |= VNET_GLOBAL_FLAG_REGISTERED;

    VNET_LOG(VNET_LOG_INFO, "registered, handle %p", g_Vnet.MiniportDriverHandle);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VnetSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);

    PAGED_CODE();

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnetDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    VNET_LOG(VNET_LOG_INFO, "unload, %u adapters left", g_Vnet.AdapterCount);

    //
    // NDIS has halted every adapter before it calls us, so the list is
    // empty. Deregister first, then drop the globals.
    //
    if (g_Vnet.Flags & VNET_GLOBAL_FLAG_REGISTERED) {
        NdisMDeregisterMiniportDriver(g_Vnet.MiniportDriverHandle);
        g_Vnet.MiniportDriverHandle = NULL;
        g_Vnet.Flags &= ~VNET_GLOBAL_FLAG_REGISTERED;
    }

    VnetUninitializeGlobals();
}
