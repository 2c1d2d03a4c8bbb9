/*
 * scsi.c - SCSI command handling of VStorDisk.
 */
#include "vstor.h"

static UCHAR
VsInquiry(_In_ PSCSI_REQUEST_BLOCK Srb)
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    if (((PCDB)Srb->Cdb)->CDB6INQUIRY3.EnableVitalProductData) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    RtlZeroMemory(inq, INQUIRYDATABUFFERSIZE);
    inq->DeviceType = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->Versions = 5;
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    inq->CommandQueue = 1;
    RtlCopyMemory(inq->VendorId, VS_VENDOR_ID, 8);
    RtlCopyMemory(inq->ProductId, VS_PRODUCT_ID, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VS_PRODUCT_REV, 4);
    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadCapacity(_In_ PVS_LUN Lun, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastBlock = (ULONG)min(Lun->Blocks - 1, 0xFFFFFFFFULL);

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastBlock);
    {
        ULONG blockSize = VS_BLOCK_SIZE;
        REVERSE_BYTES(&cap->BytesPerBlock, &blockSize);
    }
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadWrite(_In_ PVS_HBA_EXTENSION Hba, _In_ PVS_LUN Lun, _In_ PSCSI_REQUEST_BLOCK Srb, _In_ BOOLEAN Write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba;
    ULONG blocks;
    SIZE_T offset;
    SIZE_T length;
    KLOCK_QUEUE_HANDLE lockHandle;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
           (ULONG)cdb->CDB10.LogicalBlockByte3;
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if ((ULONGLONG)lba + blocks > Lun->Blocks) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    offset = (SIZE_T)lba * VS_BLOCK_SIZE;
    length = (SIZE_T)blocks * VS_BLOCK_SIZE;
    if (length > Srb->DataTransferLength) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    KeAcquireInStackQueuedSpinLock(&Hba->LunLock, &lockHandle);
    if (Write) {
        RtlCopyMemory(Lun->Image + offset, Srb->DataBuffer, length);
        Lun->WriteCount++;
    } else {
        RtlCopyMemory(Srb->DataBuffer, Lun->Image + offset, length);
        Lun->ReadCount++;
    }
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    return SRB_STATUS_SUCCESS;
}

BOOLEAN
VsHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PVS_HBA_EXTENSION hba = (PVS_HBA_EXTENSION)DeviceExtension;
    PVS_LUN lun = NULL;
    UCHAR srbStatus = SRB_STATUS_INVALID_REQUEST;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = (Srb->Function == SRB_FUNCTION_RESET_BUS ||
                          Srb->Function == SRB_FUNCTION_RESET_DEVICE ||
                          Srb->Function == SRB_FUNCTION_FLUSH ||
                          Srb->Function == SRB_FUNCTION_SHUTDOWN) ? SRB_STATUS_SUCCESS
                                                                   : SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun >= VS_MAX_LUNS ||
        !hba->Luns[Srb->Lun].Present) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }
    lun = &hba->Luns[Srb->Lun];

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        srbStatus = SRB_STATUS_SUCCESS;
        break;
    case SCSIOP_INQUIRY:
        srbStatus = VsInquiry(Srb);
        break;
    case SCSIOP_READ_CAPACITY:
        srbStatus = VsReadCapacity(lun, Srb);
        break;
    case SCSIOP_READ:
        srbStatus = VsReadWrite(hba, lun, Srb, FALSE);
        break;
    case SCSIOP_WRITE:
        srbStatus = VsReadWrite(hba, lun, Srb, TRUE);
        break;
    case SCSIOP_MODE_SENSE:
        if (Srb->DataTransferLength >= sizeof(MODE_PARAMETER_HEADER)) {
            RtlZeroMemory(Srb->DataBuffer, sizeof(MODE_PARAMETER_HEADER));
            ((PMODE_PARAMETER_HEADER)Srb->DataBuffer)->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
            Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
            srbStatus = SRB_STATUS_SUCCESS;
        } else {
            srbStatus = SRB_STATUS_DATA_OVERRUN;
        }
        break;
    default:
        srbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
