/*
 * driver.c - vnic DriverEntry / MiniportDriverUnload.
 */
#include "vnic.h"

VNIC_GLOBALS VnicGlobals;

DRIVER_INITIALIZE DriverEntry;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS MChars;

    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "vnic: DriverEntry\n");

    NdisZeroMemory(&VnicGlobals, sizeof(VnicGlobals));
    NdisAllocateSpinLock(&VnicGlobals.Lock);
    InitializeListHead(&VnicGlobals.AdapterList);

    //
    // Receive frames for all adapters come from one lookaside; the
    // loopback path allocates at DISPATCH_LEVEL so it has to be nonpaged.
    //
    NdisInitializeNPagedLookasideList(&VnicGlobals.FrameLookaside,
                                      NULL,
                                      NULL,
                                      0,
                                      sizeof(VNIC_FRAME),
                                      VNIC_FRAME_TAG,
                                      0);
    VnicGlobals.LookasideReady = TRUE;

    NdisZeroMemory(&MChars, sizeof(MChars));

    MChars.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    MChars.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    MChars.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    MChars.MajorNdisVersion     = VNIC_NDIS_MAJOR_VERSION;
    MChars.MinorNdisVersion     = VNIC_NDIS_MINOR_VERSION;
    MChars.MajorDriverVersion   = VNIC_MAJOR_DRIVER_VERSION;
    MChars.MinorDriverVersion   = VNIC_MINOR_DRIVER_VERSION;

    MChars.SetOptionsHandler            = VnicSetOptions;
    MChars.InitializeHandlerEx          = VnicInitializeEx;
    MChars.HaltHandlerEx                = VnicHaltEx;
    MChars.UnloadHandler                = VnicDriverUnload;
    MChars.PauseHandler                 = VnicPause;
    MChars.RestartHandler               = VnicRestart;
    MChars.OidRequestHandler            = VnicOidRequest;
    MChars.CancelOidRequestHandler      = VnicCancelOidRequest;
    MChars.SendNetBufferListsHandler    = VnicSendNetBufferLists;
    MChars.ReturnNetBufferListsHandler  = VnicReturnNetBufferLists;
    MChars.CancelSendHandler            = VnicCancelSend;
    MChars.CheckForHangHandlerEx        = VnicCheckForHangEx;
    MChars.ResetHandlerEx               = VnicResetEx;
    MChars.DevicePnPEventNotifyHandler  = VnicDevicePnpEventNotify;
    MChars.ShutdownHandlerEx            = VnicShutdownEx;

    Status = NdisMRegisterMiniportDriver(DriverObject,
                                         RegistryPath,
                                         (NDIS_HANDLE)&VnicGlobals,
                                         &MChars,
                                         &VnicGlobals.DriverHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL,
                   "vnic: NdisMRegisterMiniportDriver failed 0x%08X\n", Status);
        NdisFreeSpinLock(&VnicGlobals.Lock);
        return Status;
    }

    return NDIS_STATUS_SUCCESS;
}

VOID
VnicDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "vnic: unload\n");

    ASSERT(IsListEmpty(&VnicGlobals.AdapterList));

    if (VnicGlobals.LookasideReady) {
        NdisDeleteNPagedLookasideList(&VnicGlobals.FrameLookaside);
        VnicGlobals.LookasideReady = FALSE;
    }

    NdisFreeSpinLock(&VnicGlobals.Lock);
}
