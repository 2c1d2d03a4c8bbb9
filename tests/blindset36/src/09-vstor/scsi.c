/*
 * scsi.c - the handful of SCSI commands a RAM disk needs.
 */
#include "vstor.h"

static VOID
VsInquiry(
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
        return;
    }
    if (((PCDB)Srb->Cdb)->CDB6INQUIRY3.EnableVitalProductData) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;   /* no VPD pages */
        return;
    }

    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType         = DIRECT_ACCESS_DEVICE;
    inq->Versions           = 5;                   /* SPC-3 */
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength   = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue       = 1;
    RtlCopyMemory(inq->VendorId, VS_VENDOR_ID, 8);
    RtlCopyMemory(inq->ProductId, VS_PRODUCT_ID, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VS_PRODUCT_REV, 4);

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

static VOID
VsReadCapacity(
    _In_ PVS_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG last = Adapter->SectorCount - 1;
    ULONG bps  = VS_SECTOR_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
        return;
    }
    REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
    REVERSE_BYTES(&cap->BytesPerBlock, &bps);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

static VOID
VsReadWrite(
    _In_ PVS_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN IsWrite
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba, blocks;
    ULONGLONG offset, bytes;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
           (ULONG)cdb->CDB10.LogicalBlockByte3;
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    offset = (ULONGLONG)lba * VS_SECTOR_SIZE;
    bytes  = (ULONGLONG)blocks * VS_SECTOR_SIZE;

    if (offset + bytes > Adapter->DiskBytes || bytes > Srb->DataTransferLength) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        return;
    }

    if (IsWrite) {
        RtlCopyMemory(Adapter->Disk + offset, Srb->DataBuffer, (SIZE_T)bytes);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Disk + offset, (SIZE_T)bytes);
    }
    Srb->DataTransferLength = (ULONG)bytes;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

VOID
VsHandleSrb(
    _In_ PVS_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        /* flush/shutdown have nothing to do, anything else is unsupported */
        Srb->SrbStatus = (Srb->Function == SRB_FUNCTION_FLUSH ||
                          Srb->Function == SRB_FUNCTION_SHUTDOWN)
                         ? SRB_STATUS_SUCCESS : SRB_STATUS_INVALID_REQUEST;
        return;
    }

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        return;
    }

    if (!Adapter->Ready) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        return;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SCSIOP_INQUIRY:
        VsInquiry(Srb);
        break;
    case SCSIOP_READ_CAPACITY:
        VsReadCapacity(Adapter, Srb);
        break;
    case SCSIOP_READ:
        VsReadWrite(Adapter, Srb, FALSE);
        break;
    case SCSIOP_WRITE:
        VsReadWrite(Adapter, Srb, TRUE);
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }
}
