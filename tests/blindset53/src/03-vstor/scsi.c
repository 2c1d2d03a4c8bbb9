/*
 * scsi.c - the handful of SCSI commands Windows needs to mount a disk
 */
#include "vstor.h"

static VOID
VsFillInquiry(_In_ PSCSI_REQUEST_BLOCK Srb)
{
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;

    if (Srb->DataTransferLength < INQUIRYDATALENGTH) {
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
        return;
    }
    RtlZeroMemory(inq, Srb->DataTransferLength);
    inq->DeviceType         = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->RemovableMedia     = 0;
    inq->Versions           = 5;
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength   = INQUIRYDATALENGTH - 5;
    inq->CommandQueue       = 1;
    RtlCopyMemory(inq->VendorId, VS_VENDOR, 8);
    RtlCopyMemory(inq->ProductId, VS_PRODUCT, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VS_REVISION, 4);
    Srb->DataTransferLength = INQUIRYDATALENGTH;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

static VOID
VsReadCapacity(_In_ PVS_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba = Adapter->LunBlocks - 1;
    ULONG blockSize = VS_BLOCK_SIZE;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
        return;
    }
    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    REVERSE_BYTES(&cap->BytesPerBlock, &blockSize);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

static VOID
VsReadWrite(_In_ PVS_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb, _In_ BOOLEAN Write)
{
    PCDB     cdb = (PCDB)Srb->Cdb;
    ULONG    lba;
    ULONG    blocks;
    PUCHAR   image = Adapter->LunImage[Srb->Lun];
    PVS_LU_EXT lu;

    lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
          ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
          ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
           (ULONG)cdb->CDB10.LogicalBlockByte3;
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if (lba + blocks > Adapter->LunBlocks || (ULONGLONG)blocks * VS_BLOCK_SIZE > Srb->DataTransferLength) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        return;
    }

    if (Write) {
        RtlCopyMemory(image + (SIZE_T)lba * VS_BLOCK_SIZE, Srb->DataBuffer, (SIZE_T)blocks * VS_BLOCK_SIZE);
    } else {
        RtlCopyMemory(Srb->DataBuffer, image + (SIZE_T)lba * VS_BLOCK_SIZE, (SIZE_T)blocks * VS_BLOCK_SIZE);
    }

    lu = (PVS_LU_EXT)StorPortGetLogicalUnit(Adapter, Srb->PathId, Srb->TargetId, Srb->Lun);
    if (lu != NULL) {
        if (Write) lu->Writes++; else lu->Reads++;
    }
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}

#if 0
/* Windows 10 is happy without MODE SENSE; keep this for the XP build */
static VOID
VsModeSense(_In_ PSCSI_REQUEST_BLOCK Srb)
{
    PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    RtlZeroMemory(hdr, sizeof(MODE_PARAMETER_HEADER));
    hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
}
#endif

BOOLEAN
VsHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;

    if (adapter->Stopped) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        goto done;
    }

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        /* flush, shutdown, reset... nothing to do for RAM */
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        goto done;
    }

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun >= VS_MAX_LUNS) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        goto done;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_INQUIRY:
        VsFillInquiry(Srb);
        break;
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    case SCSIOP_READ_CAPACITY:
        VsReadCapacity(adapter, Srb);
        break;
    case SCSIOP_READ:
        VsReadWrite(adapter, Srb, FALSE);
        break;
    case SCSIOP_WRITE:
        VsReadWrite(adapter, Srb, TRUE);
        break;
    default:
        VS_DBG("unhandled CDB 0x%02x", Srb->Cdb[0]);
        break;
    }

done:
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
