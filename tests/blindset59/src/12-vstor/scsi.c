/*
 * scsi.c - the handful of CDBs a RAM disk needs
 */
#include "vstor.h"

static UCHAR
VsInquiry(PSCSI_REQUEST_BLOCK Srb)
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType = DIRECT_ACCESS_DEVICE;
    inq->Versions = 5;                  /* SPC-3 */
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue = 1;
    RtlCopyMemory(inq->VendorId, VS_VENDOR_ID, 8);
    RtlCopyMemory(inq->ProductId, VS_PRODUCT_ID, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VS_REVISION, 4);

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadCapacity(PVS_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba = Adapter->Blocks - 1;
    ULONG blockSize = VS_BLOCK_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    REVERSE_BYTES(&cap->BytesPerBlock, &blockSize);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadWrite10(PVS_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, BOOLEAN Write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba;
    ULONG blocks;
    ULONG64 offset;
    ULONG64 bytes;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
           (ULONG)cdb->CDB10.LogicalBlockByte3;
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    offset = (ULONG64)lba * VS_BLOCK_SIZE;
    bytes = (ULONG64)blocks * VS_BLOCK_SIZE;

    if ((ULONG64)lba + blocks > Adapter->Blocks || bytes > Srb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (Write) {
        RtlCopyMemory(Adapter->Disk + offset, Srb->DataBuffer, (SIZE_T)bytes);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Disk + offset, (SIZE_T)bytes);
    }
    Srb->DataTransferLength = (ULONG)bytes;
    return SRB_STATUS_SUCCESS;
}

UCHAR
VsExecuteScsi(_In_ PVS_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }
    if (!Adapter->Ready || Adapter->Disk == NULL) {
        return SRB_STATUS_BUSY;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VsInquiry(Srb);

    case SCSIOP_READ_CAPACITY:
        return VsReadCapacity(Adapter, Srb);

    case SCSIOP_READ:
        return VsReadWrite10(Adapter, Srb, FALSE);

    case SCSIOP_WRITE:
        return VsReadWrite10(Adapter, Srb, TRUE);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
