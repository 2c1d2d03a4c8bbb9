//
// adapter.cpp - the storport callbacks of vscsi
//
#include "vscsi.h"

namespace vscsi {

_Use_decl_annotations_
ULONG Miniport::FindAdapter(PVOID DeviceExtension, PVOID, PVOID, PVOID, PCHAR,
                            PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    auto ext = static_cast<AdapterExtension*>(DeviceExtension);
    *Again = FALSE;

    (void)Config::Load();

    ext->TargetCount = Config::Targets();
    const SIZE_T bytes = static_cast<SIZE_T>(Config::DiskMb()) * 1024 * 1024;

    for (ULONG t = 0; t < ext->TargetCount; ++t) {
        ext->Disks[t].Data = static_cast<PUCHAR>(ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, VS_TAG));
        if (ext->Disks[t].Data == nullptr) {
            VS_LOG("target %lu: no memory", t);
            FreeDisks(ext);
            return SP_RETURN_ERROR;
        }
        ext->Disks[t].Sectors = static_cast<ULONG>(bytes / VS_SECTOR);
    }

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = static_cast<UCHAR>(ext->TargetCount);
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength       = VS_MAX_XFER;
    ConfigInfo->NumberOfPhysicalBreaks      = VS_MAX_XFER / PAGE_SIZE + 1;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;

    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN Miniport::Initialize(PVOID DeviceExtension)
{
    static_cast<AdapterExtension*>(DeviceExtension)->Running = TRUE;
    return TRUE;
}

UCHAR Miniport::ExecuteScsi(AdapterExtension* ext, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->PathId != 0 || Srb->TargetId >= ext->TargetCount || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }

    Disk& disk = ext->Disks[Srb->TargetId];
    const UCHAR* cdb = Srb->Cdb;

    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY: {
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        auto inq = static_cast<PINQUIRYDATA>(Srb->DataBuffer);
        RtlZeroMemory(inq, INQUIRYDATABUFFERSIZE);
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        RtlCopyMemory(inq->VendorId, "VSCSI   ", 8);
        RtlCopyMemory(inq->ProductId, "Virtual RAM Disk", 16);
        RtlCopyMemory(inq->ProductRevisionLevel, "1.0 ", 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        auto cap = static_cast<PREAD_CAPACITY_DATA>(Srb->DataBuffer);
        ULONG last = disk.Sectors - 1, bps = VS_SECTOR;
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
        REVERSE_BYTES(&cap->BytesPerBlock, &bps);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
    case SCSIOP_WRITE: {
        ULONG lba = (ULONG(cdb[2]) << 24) | (ULONG(cdb[3]) << 16) | (ULONG(cdb[4]) << 8) | cdb[5];
        ULONG count = (ULONG(cdb[7]) << 8) | cdb[8];
        if (ULONG64(lba) + count > disk.Sectors || count * VS_SECTOR > Srb->DataTransferLength) {
            return SRB_STATUS_INVALID_REQUEST;
        }
        PUCHAR where = disk.Data + ULONG64(lba) * VS_SECTOR;
        if (cdb[0] == SCSIOP_READ) {
            RtlCopyMemory(Srb->DataBuffer, where, count * VS_SECTOR);
        } else {
            RtlCopyMemory(where, Srb->DataBuffer, count * VS_SECTOR);
        }
        return SRB_STATUS_SUCCESS;
    }

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

_Use_decl_annotations_
BOOLEAN Miniport::StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    auto ext = static_cast<AdapterExtension*>(DeviceExtension);

    auto complete = [&](UCHAR srbStatus) -> BOOLEAN {
        Srb->SrbStatus = srbStatus;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    };

    if (!ext->Running) {
        return complete(SRB_STATUS_BUSY);
    }

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        return complete(ExecuteScsi(ext, Srb));
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        return complete(SRB_STATUS_SUCCESS);
    default:
        return complete(SRB_STATUS_INVALID_REQUEST);
    }
}

_Use_decl_annotations_
BOOLEAN Miniport::ResetBus(PVOID, ULONG)
{
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS Miniport::AdapterControl(PVOID DeviceExtension,
                                                     SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                     PVOID Parameters)
{
    auto ext = static_cast<AdapterExtension*>(DeviceExtension);

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        auto list = static_cast<PSCSI_SUPPORTED_CONTROL_TYPE_LIST>(Parameters);
        for (ULONG i = 0; i < list->MaxControlType; ++i) {
            list->SupportedTypeList[i] = (i == ScsiQuerySupportedControlTypes ||
                                          i == ScsiStopAdapter ||
                                          i == ScsiRestartAdapter);
        }
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        ext->Running = FALSE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ext->Running = TRUE;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

void Miniport::FreeDisks(AdapterExtension* ext)
{
    for (ULONG t = 0; t < VS_MAX_TARGETS; ++t) {
        if (ext->Disks[t].Data != nullptr) {
            ExFreePoolWithTag(ext->Disks[t].Data, VS_TAG);
            ext->Disks[t].Data = nullptr;
        }
    }
}

_Use_decl_annotations_
VOID Miniport::FreeResources(PVOID DeviceExtension)
{
    FreeDisks(static_cast<AdapterExtension*>(DeviceExtension));
}

_Use_decl_annotations_
VOID Miniport::ProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    auto irp = static_cast<PIRP>(Irp);
    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

_Use_decl_annotations_
VOID Miniport::CompleteServiceIrp(PVOID)
{
}

} // namespace vscsi
