/*
 * driver.c - vnetmp DriverEntry / MiniportDriverUnload
 */
#include "vnetmp.h"

VN_DRIVER VnDriver;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_UNLOAD   VnUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VnUnload)

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc;

    DoTraceMessage(TRACE_INIT, TRACE_LEVEL_INFO, "DriverEntry %p", DriverObject);

    NdisZeroMemory(&VnDriver, sizeof(VnDriver));
    NdisAllocateSpinLock(&VnDriver.Lock);
    InitializeListHead(&VnDriver.Adapters);

    NdisZeroMemory(&mc, sizeof(mc));
    mc.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Size     = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.MajorNdisVersion   = VN_NDIS_MAJOR;
    mc.MinorNdisVersion   = VN_NDIS_MINOR;
    mc.MajorDriverVersion = 2;
    mc.MinorDriverVersion = 1;

    mc.InitializeHandlerEx         = VnInitialize;
    mc.HaltHandlerEx               = VnHalt;
    mc.UnloadHandler               = VnUnload;
    mc.PauseHandler                = VnPause;
    mc.RestartHandler              = VnRestart;
    mc.OidRequestHandler           = VnOidRequest;
    mc.SendNetBufferListsHandler   = VnSend;
    mc.ReturnNetBufferListsHandler = VnReturn;
    mc.CancelSendHandler           = VnCancelSend;
    mc.DevicePnPEventNotifyHandler = VnPnpEvent;
    mc.ShutdownHandlerEx           = VnShutdown;
    mc.CancelOidRequestHandler     = VnCancelOid;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &mc,
                                         &VnDriver.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DoTraceMessage(TRACE_INIT, TRACE_LEVEL_ERROR,
                       "NdisMRegisterMiniportDriver 0x%08x", status);
        NdisFreeSpinLock(&VnDriver.Lock);
        return (NTSTATUS)status;
    }

    return STATUS_SUCCESS;
}

VOID
VnUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    /* every adapter has been halted by the time NDIS calls us */
    NT_ASSERT(IsListEmpty(&VnDriver.Adapters));

    NdisMDeregisterMiniportDriver(VnDriver.DriverHandle);
    VnDriver.DriverHandle = NULL;

    NdisFreeSpinLock(&VnDriver.Lock);
    DoTraceMessage(TRACE_INIT, TRACE_LEVEL_INFO, "unloaded%s", "");
}
