#include "ramstor.h"

namespace ramstor {

ULONG
Miniport::FindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                      PVOID LowerDevice, PCHAR ArgumentString,
                      PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    auto ext = static_cast<HwExt*>(DeviceExtension);
    *Again = FALSE;

    PVOID p = nullptr;
    ULONG st = StorPortAllocatePool(ext, sizeof(LunInfo) * RS_MAX_LUNS, RS_TAG, &p);
    if (st != STOR_STATUS_SUCCESS || p == nullptr) {
        RS_DBG("lun table alloc 0x%x", st);
        return SP_RETURN_ERROR;
    }
    ext->Luns = static_cast<LunInfo*>(p);
    RtlZeroMemory(ext->Luns, sizeof(LunInfo) * RS_MAX_LUNS);

    p = nullptr;
    st = StorPortAllocatePool(ext, (ULONG)RS_DISK_BYTES, RS_TAG, &p);
    if (st != STOR_STATUS_SUCCESS || p == nullptr) {
        RS_DBG("image alloc 0x%x", st);
        return SP_RETURN_ERROR;
    }
    ext->Image = static_cast<PUCHAR>(p);
    RtlZeroMemory(ext->Image, (SIZE_T)RS_DISK_BYTES);

    ext->Luns[0].Present    = TRUE;
    ext->Luns[0].BlockCount = (ULONG)(RS_DISK_BYTES / RS_SECTOR);
    RtlCopyMemory(ext->Luns[0].Serial, "RAMSTOR000000001", 16);

    ConfigInfo->MaximumTransferLength    = RS_MAX_XFER;
    ConfigInfo->NumberOfPhysicalBreaks   = RS_MAX_XFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask            = 0x3;
    ConfigInfo->NumberOfBuses            = 1;
    ConfigInfo->MaximumNumberOfTargets   = RS_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = RS_MAX_LUNS;
    ConfigInfo->ScatterGather            = TRUE;
    ConfigInfo->Master                   = TRUE;
    ConfigInfo->CachesData               = FALSE;
    ConfigInfo->MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel     = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice            = TRUE;

    return SP_RETURN_FOUND;
}

BOOLEAN
Miniport::Initialize(PVOID DeviceExtension)
{
    auto ext = static_cast<HwExt*>(DeviceExtension);
    ext->Ready = TRUE;
    return TRUE;
}

BOOLEAN
Miniport::ResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);
    StorPortCompleteRequest(DeviceExtension, 0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
Miniport::AdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                         PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);

    if (ControlType == ScsiQuerySupportedControlTypes) {
        auto list = static_cast<PSCSI_SUPPORTED_CONTROL_TYPE_LIST>(Parameters);
        for (ULONG i = 0; i < list->MaxControlType; i++) {
            list->SupportedTypeList[i] = (i == ScsiQuerySupportedControlTypes ||
                                          i == ScsiStopAdapter ||
                                          i == ScsiRestartAdapter);
        }
    }
    return ScsiAdapterControlSuccess;
}

VOID
Miniport::FreeAdapterResources(PVOID DeviceExtension)
{
    auto ext = static_cast<HwExt*>(DeviceExtension);
    if (ext->Image) {
        StorPortFreePool(ext, ext->Image);
        ext->Image = nullptr;
    }
    if (ext->Luns) {
        StorPortFreePool(ext, ext->Luns);
        ext->Luns = nullptr;
    }
}

UCHAR
Miniport::ExecuteScsi(HwExt* ext, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun >= RS_MAX_LUNS ||
        !ext->Luns[Srb->Lun].Present) {
        return SRB_STATUS_NO_DEVICE;
    }

    auto cdb = reinterpret_cast<PCDB>(Srb->Cdb);
    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY: {
        if (Srb->DataTransferLength < sizeof(INQUIRYDATA))
            return SRB_STATUS_DATA_OVERRUN;
        auto inq = static_cast<PINQUIRYDATA>(Srb->DataBuffer);
        RtlZeroMemory(inq, sizeof(INQUIRYDATA));
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = sizeof(INQUIRYDATA) - 5;
        RtlCopyMemory(inq->VendorId, "HOBBY   ", 8);
        RtlCopyMemory(inq->ProductId, "RamStor Disk    ", 16);
        RtlCopyMemory(inq->ProductRevisionLevel, "0001", 4);
        Srb->DataTransferLength = sizeof(INQUIRYDATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        auto cap = static_cast<PREAD_CAPACITY_DATA>(Srb->DataBuffer);
        ULONG last = ext->Luns[Srb->Lun].BlockCount - 1;
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
        ULONG bs = RS_SECTOR;
        REVERSE_BYTES(&cap->BytesPerBlock, &bs);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
    case SCSIOP_WRITE: {
        ULONG lba = 0;
        USHORT blocks = 0;
        REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
        REVERSE_BYTES_SHORT(&blocks, &cdb->CDB10.TransferBlocksMsb);
        ULONG64 off = (ULONG64)lba * RS_SECTOR;
        ULONG len = (ULONG)blocks * RS_SECTOR;
        if (off + len > RS_DISK_BYTES || len > Srb->DataTransferLength)
            return SRB_STATUS_ERROR;
        if (cdb->CDB10.OperationCode == SCSIOP_READ)
            RtlCopyMemory(Srb->DataBuffer, ext->Image + off, len);
        else
            RtlCopyMemory(ext->Image + off, Srb->DataBuffer, len);
        return SRB_STATUS_SUCCESS;
    }

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

BOOLEAN
Miniport::StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    auto ext = static_cast<HwExt*>(DeviceExtension);

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = ExecuteScsi(ext, Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

} // namespace ramstor
