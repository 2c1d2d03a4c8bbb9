/*
 * scsi.c - the handful of SCSI commands disk.sys actually sends us
 */
#include "ramdisk.h"

/* returns the SrbStatus to complete with */
static UCHAR RdSetSense(_In_ PSCSI_REQUEST_BLOCK Srb, _In_ UCHAR Key, _In_ UCHAR Asc, _In_ UCHAR Ascq)
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
    if (sense == NULL || Srb->SenseInfoBufferLength < sizeof(SENSE_DATA)) {
        return SRB_STATUS_ERROR;
    }
    RtlZeroMemory(sense, sizeof(SENSE_DATA));
    sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense->SenseKey = Key;
    sense->AdditionalSenseLength = sizeof(SENSE_DATA) - 8;
    sense->AdditionalSenseCode = Asc;
    sense->AdditionalSenseCodeQualifier = Ascq;
    return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
}

static UCHAR RdInquiry(_In_ PRD_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
    PCDB cdb = (PCDB)Srb->Cdb;

    UNREFERENCED_PARAMETER(Adapter);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        /* no VPD pages, disk.sys copes */
        return RdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
    }
    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType = DIRECT_ACCESS_DEVICE;
    inq->RemovableMedia = 0;
    inq->Versions = 5;                  /* SPC-3 */
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue = 1;
    RtlCopyMemory(inq->VendorId, RD_VENDOR_ID, 8);
    RtlCopyMemory(inq->ProductId, RD_PRODUCT_ID, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, RD_PRODUCT_REV, 4);

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR RdReadCapacity(_In_ PRD_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    lastLba = (ULONG)(Adapter->SectorCount - 1);
    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    {
        ULONG bytesPerBlock = RD_SECTOR_SIZE;
        REVERSE_BYTES(&cap->BytesPerBlock, &bytesPerBlock);
    }
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR RdReadWrite(_In_ PRD_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb, _In_ BOOLEAN Write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba;
    ULONG blocks;
    ULONG64 offset;
    ULONG64 bytes;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
          ((ULONG)cdb->CDB10.LogicalBlockByte3);
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if ((ULONG64)lba + blocks > Adapter->SectorCount) {
        return RdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
    }

    offset = (ULONG64)lba * RD_SECTOR_SIZE;
    bytes = (ULONG64)blocks * RD_SECTOR_SIZE;
    if (bytes > Srb->DataTransferLength) {
        bytes = Srb->DataTransferLength;
    }

    if (Write) {
        RtlCopyMemory(Adapter->Disk + offset, Srb->DataBuffer, (SIZE_T)bytes);
        Adapter->WriteCount++;
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Disk + offset, (SIZE_T)bytes);
        Adapter->ReadCount++;
    }
    Srb->DataTransferLength = (ULONG)bytes;
    return SRB_STATUS_SUCCESS;
}

static UCHAR RdModeSense(_In_ PSCSI_REQUEST_BLOCK Srb)
{
    PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    RtlZeroMemory(hdr, sizeof(MODE_PARAMETER_HEADER));
    hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    hdr->MediumType = 0;
    hdr->DeviceSpecificParameter = 0;   /* not write protected */
    hdr->BlockDescriptorLength = 0;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

UCHAR RdExecuteScsi(_In_ PRD_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }
    if (Adapter->Disk == NULL) {
        return SRB_STATUS_NO_DEVICE;
    }

    Srb->ScsiStatus = SCSISTAT_GOOD;

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
        return RdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
    }
}
