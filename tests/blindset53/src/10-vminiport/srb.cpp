//
// srb.cpp - SCSI command handling
//
#include "vmp.h"

namespace vmp {

namespace {

UCHAR
Inquiry(PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->DataTransferLength < INQUIRYDATALENGTH) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    auto inq = static_cast<PINQUIRYDATA>(Srb->DataBuffer);
    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType          = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->Versions            = 5;
    inq->ResponseDataFormat  = 2;
    inq->AdditionalLength    = INQUIRYDATALENGTH - 5;
    inq->CommandQueue        = 1;
    RtlCopyMemory(inq->VendorId, "VMP     ", 8);
    RtlCopyMemory(inq->ProductId, "Virtual LUN     ", 16);
    RtlCopyMemory(inq->ProductRevisionLevel, "1.2 ", 4);
    Srb->DataTransferLength = INQUIRYDATALENGTH;
    return SRB_STATUS_SUCCESS;
}

UCHAR
ReadCapacity(const Adapter* A, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    auto cap = static_cast<PREAD_CAPACITY_DATA>(Srb->DataBuffer);
    ULONG last = A->LunBlocks - 1;
    ULONG bs   = BlockBytes;
    REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
    REVERSE_BYTES(&cap->BytesPerBlock, &bs);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

UCHAR
Transfer(Adapter* A, PSCSI_REQUEST_BLOCK Srb, bool write)
{
    auto cdb = reinterpret_cast<PCDB>(Srb->Cdb);
    ULONG lba = (ULONG(cdb->CDB10.LogicalBlockByte0) << 24) | (ULONG(cdb->CDB10.LogicalBlockByte1) << 16) |
                (ULONG(cdb->CDB10.LogicalBlockByte2) << 8)  |  ULONG(cdb->CDB10.LogicalBlockByte3);
    ULONG count = (ULONG(cdb->CDB10.TransferBlocksMsb) << 8) | cdb->CDB10.TransferBlocksLsb;

    if (ULONGLONG(lba) + count > A->LunBlocks || ULONGLONG(count) * BlockBytes > Srb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    PUCHAR disk  = A->Lun[Srb->Lun] + SIZE_T(lba) * BlockBytes;
    SIZE_T bytes = SIZE_T(count) * BlockBytes;
    if (write) {
        RtlCopyMemory(disk, Srb->DataBuffer, bytes);
    } else {
        RtlCopyMemory(Srb->DataBuffer, disk, bytes);
    }
    Srb->DataTransferLength = static_cast<ULONG>(bytes);
    return SRB_STATUS_SUCCESS;
}

} // namespace

BOOLEAN
HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    auto a = static_cast<Adapter*>(DeviceExtension);
    UCHAR srbStatus = SRB_STATUS_INVALID_REQUEST;

    if (a->Paused) {
        srbStatus = SRB_STATUS_BUSY;
    } else if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        srbStatus = SRB_STATUS_SUCCESS;
    } else if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun >= MaxLuns) {
        srbStatus = SRB_STATUS_NO_DEVICE;
    } else {
        auto lu = static_cast<LunExtension*>(StorPortGetLogicalUnit(a, Srb->PathId, Srb->TargetId, Srb->Lun));
        if (lu != nullptr) {
            InterlockedIncrement(&lu->Commands);
        }
        switch (Srb->Cdb[0]) {
        case SCSIOP_INQUIRY:            srbStatus = Inquiry(Srb); break;
        case SCSIOP_READ_CAPACITY:      srbStatus = ReadCapacity(a, Srb); break;
        case SCSIOP_READ:               srbStatus = Transfer(a, Srb, false); break;
        case SCSIOP_WRITE:              srbStatus = Transfer(a, Srb, true); break;
        case SCSIOP_TEST_UNIT_READY:
        case SCSIOP_VERIFY:
        case SCSIOP_SYNCHRONIZE_CACHE:  srbStatus = SRB_STATUS_SUCCESS; break;
        default:
            VMP_INFO("CDB 0x%02x not supported", Srb->Cdb[0]);
            break;
        }
    }

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

} // namespace vmp
