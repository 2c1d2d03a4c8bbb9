//
// driver.cpp - DriverEntry and MiniportDriverUnload for vminiport
//
#include "vminiport.h"

using namespace vmp;

NDIS_HANDLE Miniport::s_DriverHandle = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;

#pragma alloc_text(INIT, DriverEntry)

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "DriverEntry %p", DriverObject);

    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mc.MajorNdisVersion   = VMP_NDIS_MAJOR;
    mc.MinorNdisVersion   = VMP_NDIS_MINOR;
    mc.MajorDriverVersion = 1;
    mc.MinorDriverVersion = 0;
    mc.Flags              = 0;

    mc.InitializeHandlerEx          = Miniport::Initialize;
    mc.HaltHandlerEx                = Miniport::Halt;
    mc.UnloadHandler                = Miniport::Unload;
    mc.PauseHandler                 = Miniport::Pause;
    mc.RestartHandler               = Miniport::Restart;
    mc.OidRequestHandler            = Miniport::OidRequest;
    mc.SendNetBufferListsHandler    = Miniport::Send;
    mc.ReturnNetBufferListsHandler  = Miniport::Return;
    mc.CancelSendHandler            = Miniport::CancelSend;
    mc.DevicePnPEventNotifyHandler  = Miniport::PnpEvent;
    mc.ShutdownHandlerEx            = Miniport::Shutdown;
    mc.CancelOidRequestHandler      = Miniport::CancelOid;
    mc.CheckForHangHandlerEx        = nullptr;   // virtual, never hangs
    mc.ResetHandlerEx               = nullptr;

    NDIS_STATUS status = NdisMRegisterMiniportDriver(DriverObject,
                                                     RegistryPath,
                                                     nullptr,
                                                     &mc,
                                                     &Miniport::s_DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT,
                    "NdisMRegisterMiniportDriver failed %!STATUS!", status);
        Miniport::s_DriverHandle = nullptr;
    }

    return status;
}

_Use_decl_annotations_
VOID
Miniport::Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unload %p", s_DriverHandle);
    if (s_DriverHandle != nullptr) {
        NdisMDeregisterMiniportDriver(s_DriverHandle);
        s_DriverHandle = nullptr;
    }
}
