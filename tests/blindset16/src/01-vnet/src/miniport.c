/*
 * miniport.c - Driver-wide entry points: DriverEntry, MiniportSetOptions and
 * MiniportDriverUnload.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#include "vnet.h"
#include "trace.h"
#include "miniport.tmh"

DRIVER_INITIALIZE           DriverEntry;
MINIPORT_UNLOAD             VnetDriverUnload;
SET_OPTIONS                 VnetSetOptions;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VnetDriverUnload)
#pragma alloc_text(PAGE, VnetSetOptions)
#endif

static
VOID
VnetFillCharacteristics(
    _Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars
    )
{
    NdisZeroMemory(Chars, sizeof(*Chars));

    Chars->Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars->Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    Chars->MajorNdisVersion   = VNET_NDIS_MAJOR_VERSION;
    Chars->MinorNdisVersion   = VNET_NDIS_MINOR_VERSION;
    Chars->MajorDriverVersion = VNET_DRIVER_MAJOR_VERSION;
    Chars->MinorDriverVersion = VNET_DRIVER_MINOR_VERSION;

    Chars->Flags = NDIS_WDM_DRIVER;

    Chars->SetOptionsHandler             = VnetSetOptions;
    Chars->InitializeHandlerEx           = VnetMiniportInitializeEx;
    Chars->HaltHandlerEx                 = VnetMiniportHaltEx;
    Chars->UnloadHandler                 = VnetDriverUnload;
    Chars->PauseHandler                  = VnetMiniportPause;
    Chars->RestartHandler                = VnetMiniportRestart;
    Chars->OidRequestHandler             = VnetMiniportOidRequest;
    Chars->SendNetBufferListsHandler     = VnetMiniportSendNetBufferLists;
    Chars->ReturnNetBufferListsHandler   = VnetMiniportReturnNetBufferLists;
    Chars->CancelSendHandler             = VnetMiniportCancelSend;
    Chars->CheckForHangHandlerEx         = VnetMiniportCheckForHangEx;
    Chars->ResetHandlerEx                = VnetMiniportResetEx;
    Chars->DevicePnPEventNotifyHandler   = VnetMiniportDevicePnpEventNotify;
    Chars->ShutdownHandlerEx             = VnetMiniportShutdownEx;
    Chars->CancelOidRequestHandler       = VnetMiniportCancelOidRequest;
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                             ndisStatus;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS    chars;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    VnetTraceInfo(TRACE_DRIVER, "VNet %u.%u loading, NDIS %u.%u",
                  VNET_DRIVER_MAJOR_VERSION, VNET_DRIVER_MINOR_VERSION,
                  VNET_NDIS_MAJOR_VERSION, VNET_NDIS_MINOR_VERSION);

    ndisStatus = VnetGlobalsInitialize(DriverObject, RegistryPath);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        VnetTraceError(TRACE_DRIVER, "VnetGlobalsInitialize failed %!STATUS!", ndisStatus);
        goto Exit;
    }

    VnetFillCharacteristics(&chars);

    ndisStatus = NdisMRegisterMiniportDriver(DriverObject,
                                             RegistryPath,
                                             (NDIS_HANDLE)g_Vnet,
                                             &chars,
                                             &g_Vnet->MiniportDriverHandle);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        VnetTraceError(TRACE_DRIVER, "NdisMRegisterMiniportDriver failed %!STATUS!", ndisStatus);
        g_Vnet->MiniportDriverHandle = NULL;
        goto Exit;
    }

    g_Vnet->Flags |= VNET_GF_MINIPORT;

Exit:
    VNET_TRACE_EXIT(TRACE_DRIVER, ndisStatus);

    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        VnetGlobalsCleanup();
        WPP_CLEANUP(DriverObject);
    }

    return (NTSTATUS)ndisStatus;
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

    VNET_TRACE_ENTER(TRACE_DRIVER);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnetDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    VNET_TRACE_ENTER(TRACE_DRIVER);

    NT_ASSERT(g_Vnet->AdapterCount == 0);

    if (g_Vnet->Flags & VNET_GF_MINIPORT) {
        NdisMDeregisterMiniportDriver(g_Vnet->MiniportDriverHandle);
        g_Vnet->MiniportDriverHandle = NULL;
        g_Vnet->Flags &= ~VNET_GF_MINIPORT;
    }

    VnetGlobalsCleanup();

    VnetTraceInfo(TRACE_DRIVER, "VNet unloaded");
    WPP_CLEANUP(DriverObject);
}
