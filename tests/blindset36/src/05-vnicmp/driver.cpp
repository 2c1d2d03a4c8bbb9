//
// driver.cpp - DriverEntry / MiniportDriverUnload and driver globals
//
#include "vnic.h"

using namespace vnic;

NDIS_HANDLE     Driver::MiniportDriverHandle = nullptr;
NDIS_SPIN_LOCK  Driver::AdapterLock;
LIST_ENTRY      Driver::AdapterList;
DRIVER_STATS*   Driver::Stats = nullptr;

void Driver::InitLocks()
{
    NdisAllocateSpinLock(&AdapterLock);
    InitializeListHead(&AdapterList);
}

//
// The stats block is charged to the miniport driver handle, so this can
// only run once NdisMRegisterMiniportDriver has handed one out.
//
bool Driver::AllocStats()
{
    Stats = static_cast<DRIVER_STATS*>(
        NdisAllocateMemoryWithTagPriority(MiniportDriverHandle, sizeof(DRIVER_STATS),
                                          VNIC_TAG, NormalPoolPriority));
    if (Stats == nullptr) {
        return false;
    }
    NdisZeroMemory(Stats, sizeof(DRIVER_STATS));
    return true;
}

void Driver::FreeGlobals()
{
    if (Stats != nullptr) {
        NdisFreeMemory(Stats, 0, 0);
        Stats = nullptr;
    }
    NdisFreeSpinLock(&AdapterLock);
}

#pragma NDIS_INIT_FUNCTION(DriverEntry)

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS mc = {};

    VNIC_LOG("built " __DATE__ " " __TIME__);

    Driver::InitLocks();

    mc.Header.Type      = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
    mc.Header.Size      = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;
    mc.Header.Revision  = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2;

    mc.MajorNdisVersion   = 6;
    mc.MinorNdisVersion   = 20;
    mc.MajorDriverVersion = 1;
    mc.MinorDriverVersion = 4;
    mc.Flags              = 0;

    mc.InitializeHandlerEx          = MpInitializeEx;
    mc.HaltHandlerEx                = MpHaltEx;
    mc.UnloadHandler                = MpDriverUnload;
    mc.PauseHandler                 = MpPause;
    mc.RestartHandler               = MpRestart;
    mc.OidRequestHandler            = MpOidRequest;
    mc.SendNetBufferListsHandler    = MpSendNbls;
    mc.ReturnNetBufferListsHandler  = MpReturnNbls;
    mc.CancelSendHandler            = MpCancelSend;
    mc.DevicePnPEventNotifyHandler  = MpDevicePnpEvent;
    mc.ShutdownHandlerEx            = MpShutdownEx;
    mc.CancelOidRequestHandler      = MpCancelOidRequest;
    mc.CheckForHangHandlerEx        = nullptr;     // virtual, never hangs
    mc.ResetHandlerEx               = nullptr;

    status = NdisMRegisterMiniportDriver(DriverObject, RegistryPath,
                                         nullptr, &mc,
                                         &Driver::MiniportDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        VNIC_LOG("NdisMRegisterMiniportDriver failed 0x%08x", status);
        Driver::FreeGlobals();
        return status;
    }

    if (!Driver::AllocStats()) {
        VNIC_LOG("out of memory for stats");
        NdisMDeregisterMiniportDriver(Driver::MiniportDriverHandle);
        Driver::MiniportDriverHandle = nullptr;
        Driver::FreeGlobals();
        return status;
    }

    return status;
}

VOID
MpDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (Driver::Stats != nullptr) {
        VNIC_LOG("tx frames %lld bytes %lld", Driver::Stats->TxFrames, Driver::Stats->TxBytes);
    }

    NT_ASSERT(IsListEmpty(&Driver::AdapterList));
    Driver::FreeGlobals();
}
