//
// adapter.cpp - find/initialize/free for the virtual HBA
//
#include "vmp.h"

namespace vmp {

static void
ReleaseLuns(_Inout_ Adapter* A)
{
    for (ULONG i = 0; i < MaxLuns; i++) {
        if (A->Lun[i] != nullptr) {
            StorPortFreePool(A, A->Lun[i]);
            A->Lun[i] = nullptr;
        }
    }
}

ULONG
HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    auto a = static_cast<Adapter*>(DeviceExtension);
    *Again = FALSE;
    InitializeListHead(&a->Link);

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = static_cast<UCHAR>(MaxLuns);
    ConfigInfo->MaximumTransferLength       = MaxTransfer;
    ConfigInfo->NumberOfPhysicalBreaks      = MaxTransfer / PAGE_SIZE + 1;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;

    a->LunBlocks = LunBytes / BlockBytes;
    for (ULONG i = 0; i < MaxLuns; i++) {
        PVOID p = nullptr;
        ULONG rc = StorPortAllocatePool(a, LunBytes, Tag, &p);
        if (rc != STOR_STATUS_SUCCESS || p == nullptr) {
            VMP_ERROR("LUN %u: StorPortAllocatePool 0x%x", i, rc);
            ReleaseLuns(a);
            return SP_RETURN_ERROR;
        }
        RtlZeroMemory(p, LunBytes);
        a->Lun[i] = static_cast<PUCHAR>(p);
    }

    Driver::Track(a);
    VMP_INFO("adapter %u: %u LUNs", a->Number, MaxLuns);
    return SP_RETURN_FOUND;
}

BOOLEAN
HwInitialize(PVOID DeviceExtension)
{
    static_cast<Adapter*>(DeviceExtension)->Paused = false;
    return TRUE;
}

BOOLEAN
HwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    StorPortCompleteRequest(DeviceExtension, SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
HwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    auto a = static_cast<Adapter*>(DeviceExtension);

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        auto list = static_cast<PSCSI_SUPPORTED_CONTROL_TYPE_LIST>(Parameters);
        const SCSI_ADAPTER_CONTROL_TYPE supported[] = {
            ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter
        };
        for (auto t : supported) {
            if (static_cast<ULONG>(t) < list->MaxControlType) {
                list->SupportedTypeList[t] = TRUE;
            }
        }
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        a->Paused = true;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        a->Paused = false;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
HwFreeAdapterResources(PVOID DeviceExtension)
{
    auto a = static_cast<Adapter*>(DeviceExtension);

    Driver::Untrack(a);
    ReleaseLuns(a);
    VMP_INFO("adapter %u freed", a->Number);
}

VOID
HwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    auto irp = static_cast<PIRP>(Irp);
    irp->IoStatus.Status      = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

VOID
HwCompleteServiceIrp(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

} // namespace vmp
