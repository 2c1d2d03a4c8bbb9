#include "vnic.h"

DRIVER_INITIALIZE DriverEntry;

VNIC_DRIVER g_Vnic;

#pragma alloc_text(INIT, DriverEntry)

// Characteristics are filled in a helper so DriverEntry stays readable.
static VOID
VnicFillCharacteristics(_Out_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars)
{
    NdisZeroMemory(Chars, sizeof(*Chars));

    Chars->Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    Chars->Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    Chars->MajorNdisVersion = VNIC_NDIS_MAJOR;
    Chars->MinorNdisVersion = VNIC_NDIS_MINOR;
    Chars->MajorDriverVersion = 1;
    Chars->MinorDriverVersion = 0;

    Chars->InitializeHandlerEx = VnicInitializeEx;
    Chars->HaltHandlerEx = VnicHaltEx;
    Chars->UnloadHandler = VnicDriverUnload;
    Chars->PauseHandler = VnicPause;
    Chars->RestartHandler = VnicRestart;
    Chars->OidRequestHandler = VnicOidRequest;
    Chars->SendNetBufferListsHandler = VnicSendNetBufferLists;
    Chars->ReturnNetBufferListsHandler = VnicReturnNetBufferLists;
    Chars->CancelSendHandler = VnicCancelSend;
    Chars->DevicePnPEventNotifyHandler = VnicDevicePnpEvent;
    Chars->ShutdownHandlerEx = VnicShutdownEx;
    Chars->CancelOidRequestHandler = VnicCancelOidRequest;
    Chars->ResetHandlerEx = VnicResetEx;
    Chars->CheckForHangHandlerEx = VnicCheckForHangEx;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS chars;

    NdisZeroMemory(&g_Vnic, sizeof(g_Vnic));
    VnicFillCharacteristics(&chars);

    // NDIS owns DriverObject->DriverUnload from here on; our unload is
    // chars.UnloadHandler.
    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, (NDIS_HANDLE)&g_Vnic,
                                         &chars, &g_Vnic.MiniportDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        VLOG("NdisMRegisterMiniportDriver 0x%08X", status);
        return (NTSTATUS)status;
    }

    VLOG("registered, NDIS %u.%u", VNIC_NDIS_MAJOR, VNIC_NDIS_MINOR);
    return STATUS_SUCCESS;
}
