/*
 * mpdesig.c - driver entry and unload for the vswnic NDIS miniport, with its
 * characteristics in one designated initializer (nested for the header, a
 * `?:` picking the revision and size by the running NDIS version), as C99
 * drivers write them.
 *
 * Conforming: NDIS001 and NDIS002 (the initializer zeroes the rest).
 */

#include "../vswnic/vswnic.h"

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
    NDIS_STATUS status;
    ULONG running = NdisGetVersion();

    NdisAllocateSpinLock(&VswGlobals.AdapterListLock);
    InitializeListHead(&VswGlobals.AdapterList);

    /* One initializer, the header's revision picked by the NDIS that runs:
     * every member it does not name is zero. */
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mpChars = {
        .Header = { .Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS,
                    .Revision = running < 0x00060014
                                    ? NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1
                                    : NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2,
                    .Size = running < 0x00060014
                                ? NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1
                                : NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 },
        .MajorNdisVersion = VSWNIC_NDIS_MAJOR_VERSION,
        .MinorNdisVersion = VSWNIC_NDIS_MINOR_VERSION,
        .MajorDriverVersion = VSWNIC_DRIVER_MAJOR_VERSION,
        .MinorDriverVersion = VSWNIC_DRIVER_MINOR_VERSION,
        .InitializeHandlerEx = VswInitializeEx,
        .HaltHandlerEx = VswHaltEx,
        .UnloadHandler = VswDriverUnload,
        .PauseHandler = VswPause,
        .RestartHandler = VswRestart,
        .OidRequestHandler = VswOidRequest,
        .SendNetBufferListsHandler = VswSendNetBufferLists,
        .ReturnNetBufferListsHandler = VswReturnNetBufferLists,
        .CancelSendHandler = VswCancelSend,
        .DevicePnPEventNotifyHandler = VswDevicePnpEventNotify,
        .ShutdownHandlerEx = VswShutdownEx,
        .CancelOidRequestHandler = VswCancelOidRequest,
    };

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
