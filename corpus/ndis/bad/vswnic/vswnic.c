/*
 * vswnic.c - driver entry and unload for the vswnic NDIS 6.30 miniport.
 * Adapter callbacks are in adapter.c.
 */

#include "../../vswnic/vswnic.h"

VSWNIC_GLOBALS VswGlobals;

#pragma NDIS_INIT_FUNCTION(DriverEntry)
#pragma NDIS_PAGEABLE_FUNCTION(VswDriverUnload)

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                // expect-entry: ndis-miniport
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mpChars;
    NDIS_STATUS status;

    NdisAllocateSpinLock(&VswGlobals.AdapterListLock);
    InitializeListHead(&VswGlobals.AdapterList);

    NdisZeroMemory(&mpChars, sizeof(mpChars));
    mpChars.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mpChars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mpChars.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mpChars.MajorNdisVersion   = VSWNIC_NDIS_MAJOR_VERSION;
    mpChars.MinorNdisVersion   = VSWNIC_NDIS_MINOR_VERSION;
    mpChars.MajorDriverVersion = VSWNIC_DRIVER_MAJOR_VERSION;
    mpChars.MinorDriverVersion = VSWNIC_DRIVER_MINOR_VERSION;

    mpChars.InitializeHandlerEx         = VswInitializeEx;
    mpChars.HaltHandlerEx               = VswHaltEx;
    mpChars.UnloadHandler               = VswDriverUnload;
    mpChars.PauseHandler                = VswPause;
    mpChars.RestartHandler              = VswRestart;
    mpChars.OidRequestHandler           = VswOidRequest;
    mpChars.SendNetBufferListsHandler   = VswSendNetBufferLists;
    mpChars.ReturnNetBufferListsHandler = VswReturnNetBufferLists;
    mpChars.CancelSendHandler           = VswCancelSend;
    mpChars.DevicePnPEventNotifyHandler = VswDevicePnpEventNotify;
    mpChars.ShutdownHandlerEx           = VswShutdownEx;
    mpChars.CancelOidRequestHandler     = VswCancelOidRequest;

    status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         &VswGlobals,
                                         &mpChars,
                                         &VswGlobals.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "vswnic: NdisMRegisterMiniportDriver failed 0x%08X\n", status);
        NdisFreeSpinLock(&VswGlobals.AdapterListLock);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VswDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    ASSERT(IsListEmpty(&VswGlobals.AdapterList));

    NdisMDeregisterMiniportDriver(VswGlobals.DriverHandle);
    NdisFreeSpinLock(&VswGlobals.AdapterListLock);
}
