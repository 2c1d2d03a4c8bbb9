/*
 * scsi.c - the handful of SCSI commands disk.sys needs
 */
#include "vramdisk.h"

static UCHAR
RdInquiry(
    _In_ PRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    UNREFERENCED_PARAMETER(Adapter);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        /* no VPD pages yet, disk.sys copes with that */
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType          = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->RemovableMedia      = FALSE;
    inq->Versions            = 5;   /* SPC-3 */
    inq->ResponseDataFormat  = 2;
    inq->AdditionalLength    = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue        = TRUE;

    RtlCopyMemory(inq->VendorId, RD_VENDOR_ID, sizeof(inq->VendorId));
    RtlCopyMemory(inq->ProductId, RD_PRODUCT_ID, sizeof(inq->ProductId));
    RtlCopyMemory(inq->ProductRevisionLevel, RD_PRODUCT_REV, sizeof(inq->ProductRevisionLevel));

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
RdReadCapacity(
    _In_ PRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba = Adapter->SectorCount - 1;
    ULONG blockSize = RD_SECTOR_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    REVERSE_BYTES(&cap->BytesPerBlock, &blockSize);

    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
RdReadWrite(
    _In_ PRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
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

    offset = (ULONG64)lba * RD_SECTOR_SIZE;
    bytes  = (ULONG64)blocks * RD_SECTOR_SIZE;

    if ((ULONG64)lba + blocks > Adapter->SectorCount || bytes > Srb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (Write) {
        RtlCopyMemory(Adapter->Image + offset, Srb->DataBuffer, (SIZE_T)bytes);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Image + offset, (SIZE_T)bytes);
    }

    Srb->DataTransferLength = (ULONG)bytes;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
RdModeSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    /* no pages, not write protected */
    RtlZeroMemory(hdr, sizeof(MODE_PARAMETER_HEADER));
    hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

UCHAR
RdExecuteScsi(
    _In_ PRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;

    switch (cdb->CDB6GENERIC.OperationCode) {

    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return RdInquiry(Adapter, Srb);

    case SCSIOP_READ_CAPACITY:
        return RdReadCapacity(Adapter, Srb);

    case SCSIOP_READ:
        return RdReadWrite(Adapter, Srb, FALSE);

    case SCSIOP_WRITE:
        return RdReadWrite(Adapter, Srb, TRUE);

    case SCSIOP_MODE_SENSE:
        return RdModeSense(Srb);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
