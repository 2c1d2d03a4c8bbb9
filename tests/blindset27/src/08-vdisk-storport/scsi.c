/*
 * scsi.c - the handful of SCSI commands a disk class driver needs.
 */
#include "vdisk.h"

static UCHAR
VdInquiry(
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
    PCDB cdb = (PCDB)Srb->Cdb;

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        /* no VPD pages; class driver copes */
        return SRB_STATUS_INVALID_REQUEST;
    }
    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType          = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->RemovableMedia      = 0;
    inq->Versions            = 5;
    inq->ResponseDataFormat  = 2;
    inq->AdditionalLength    = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue        = 1;
    RtlCopyMemory(inq->VendorId, VD_VENDOR, 8);
    RtlCopyMemory(inq->ProductId, VD_PRODUCT, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VD_REVISION, 4);

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VdReadCapacity(
    _In_ PVD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba = Adapter->Sectors - 1;
    ULONG blockLen = VD_SECTOR_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    REVERSE_BYTES(&cap->BytesPerBlock, &blockLen);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VdReadWrite(
    _In_ PVD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba;
    ULONG blocks;
    PUCHAR disk;

    REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if (lba >= Adapter->Sectors || blocks > Adapter->Sectors - lba) {
        return SRB_STATUS_ERROR;
    }
    if ((ULONGLONG)blocks * VD_SECTOR_SIZE > Srb->DataTransferLength) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    disk = Adapter->Storage + (SIZE_T)lba * VD_SECTOR_SIZE;
    if (Write) {
        RtlCopyMemory(disk, Srb->DataBuffer, (SIZE_T)blocks * VD_SECTOR_SIZE);
        Adapter->Writes++;
    } else {
        RtlCopyMemory(Srb->DataBuffer, disk, (SIZE_T)blocks * VD_SECTOR_SIZE);
        Adapter->Reads++;
    }
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VdModeSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    RtlZeroMemory(hdr, sizeof(*hdr));
    hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

UCHAR
VdExecuteScsi(
    _In_ PVD_ADAPTER Adapter,
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
        return VdInquiry(Srb);

    case SCSIOP_READ_CAPACITY:
        return VdReadCapacity(Adapter, Srb);

    case SCSIOP_READ:
        return VdReadWrite(Adapter, Srb, FALSE);

    case SCSIOP_WRITE:
        return VdReadWrite(Adapter, Srb, TRUE);

    case SCSIOP_MODE_SENSE:
        return VdModeSense(Srb);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
