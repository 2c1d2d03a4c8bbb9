#include "vramdisk.h"

static UCHAR
VrdInquiry(
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType = DIRECT_ACCESS_DEVICE;
    inq->RemovableMedia = FALSE;
    inq->Versions = 5;
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    RtlCopyMemory(inq->VendorId, VRD_VENDOR, 8);
    RtlCopyMemory(inq->ProductId, VRD_PRODUCT, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VRD_REVISION, 4);
    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadCapacity(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG last = Adapter->SectorCount - 1;
    ULONG bps = VRD_SECTOR_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
    REVERSE_BYTES(&cap->BytesPerBlock, &bps);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadWrite(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba;
    ULONG blocks;
    ULONGLONG offset;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
           (ULONG)cdb->CDB10.LogicalBlockByte3;
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if ((ULONGLONG)lba + blocks > Adapter->SectorCount ||
        (ULONGLONG)blocks * VRD_SECTOR_SIZE > Srb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    offset = (ULONGLONG)lba * VRD_SECTOR_SIZE;
    if (Write) {
        RtlCopyMemory(Adapter->Disk + offset, Srb->DataBuffer, (SIZE_T)blocks * VRD_SECTOR_SIZE);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Disk + offset, (SIZE_T)blocks * VRD_SECTOR_SIZE);
    }
    return SRB_STATUS_SUCCESS;
}

UCHAR
VrdExecuteScsi(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return VrdInquiry(Srb);
    case SCSIOP_READ_CAPACITY:
        return VrdReadCapacity(Adapter, Srb);
    case SCSIOP_READ:
        return VrdReadWrite(Adapter, Srb, FALSE);
    case SCSIOP_WRITE:
        return VrdReadWrite(Adapter, Srb, TRUE);
    case SCSIOP_MODE_SENSE:
        if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(Srb->DataBuffer, sizeof(MODE_PARAMETER_HEADER));
        ((PMODE_PARAMETER_HEADER)Srb->DataBuffer)->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
        Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
