/**************************************************************************
 *
 *  io.c - HwStartIo and the SCSI command set understood by the LUNs.
 *
 *  Copyright (c) vstor authors. Distributed under the MIT license.
 *
 **************************************************************************/

#include "vstor.h"

static VOID
VsSetSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR Key,
    _In_ UCHAR Asc,
    _In_ UCHAR Ascq
    )
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;

    if (sense == NULL || Srb->SenseInfoBufferLength < sizeof(SENSE_DATA)) {
        return;
    }

    RtlZeroMemory(sense, sizeof(SENSE_DATA));
    sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense->SenseKey = Key;
    sense->AdditionalSenseCode = Asc;
    sense->AdditionalSenseCodeQualifier = Ascq;
    sense->AdditionalSenseLength = sizeof(SENSE_DATA) - RTL_SIZEOF_THROUGH_FIELD(SENSE_DATA, AdditionalSenseLength);
    Srb->SrbStatus |= SRB_STATUS_AUTOSENSE_VALID;
}

static UCHAR
VsInquiry(
    _In_ PVS_LUN Lun,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
    PVPD_SUPPORTED_PAGES_PAGE pages;

    UNREFERENCED_PARAMETER(Lun);

    if (Srb->DataTransferLength < 8) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(Srb->DataBuffer, Srb->DataTransferLength);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        if (cdb->CDB6INQUIRY3.PageCode != VPD_SUPPORTED_PAGES) {
            VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
            return SRB_STATUS_ERROR;
        }
        pages = (PVPD_SUPPORTED_PAGES_PAGE)Srb->DataBuffer;
        pages->DeviceType = DIRECT_ACCESS_DEVICE;
        pages->PageCode = VPD_SUPPORTED_PAGES;
        pages->PageLength = 1;
        pages->SupportedPageList[0] = VPD_SUPPORTED_PAGES;
        Srb->DataTransferLength = FIELD_OFFSET(VPD_SUPPORTED_PAGES_PAGE, SupportedPageList) + 1;
        return SRB_STATUS_SUCCESS;
    }

    if (Srb->DataTransferLength < sizeof(INQUIRYDATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    inq->DeviceType = DIRECT_ACCESS_DEVICE;
    inq->DeviceTypeQualifier = DEVICE_CONNECTED;
    inq->RemovableMedia = FALSE;
    inq->Versions = 5;              /* SPC-3 */
    inq->ResponseDataFormat = 2;
    inq->AdditionalLength = sizeof(INQUIRYDATA) - 5;
    inq->CommandQueue = TRUE;
    RtlCopyMemory(inq->VendorId, VS_VENDOR_ID, 8);
    RtlCopyMemory(inq->ProductId, VS_PRODUCT_ID, 16);
    RtlCopyMemory(inq->ProductRevisionLevel, VS_PRODUCT_REV, 4);

    Srb->DataTransferLength = sizeof(INQUIRYDATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadCapacity(
    _In_ PVS_LUN Lun,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Ex
    )
{
    ULONGLONG last = Lun->BlockCount - 1;

    if (Ex) {
        PREAD_CAPACITY_DATA_EX cap = (PREAD_CAPACITY_DATA_EX)Srb->DataBuffer;
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA_EX)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        REVERSE_BYTES_QUAD(&cap->LogicalBlockAddress.QuadPart, &last);
        {
            ULONG bs = VS_SECTOR_SIZE;
            REVERSE_BYTES(&cap->BytesPerBlock, &bs);
        }
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA_EX);
    } else {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        ULONG last32 = (last > MAXULONG) ? MAXULONG : (ULONG)last;
        ULONG bs = VS_SECTOR_SIZE;
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last32);
        REVERSE_BYTES(&cap->BytesPerBlock, &bs);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    }

    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsReadWrite(
    _In_ PVS_LUN Lun,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONGLONG lba;
    ULONG blocks;
    SIZE_T offset, length;
    KLOCK_QUEUE_HANDLE lockHandle;

    if (Srb->CdbLength == 16) {
        REVERSE_BYTES_QUAD(&lba, cdb->CDB16.LogicalBlock);
        REVERSE_BYTES(&blocks, cdb->CDB16.TransferLength);
    } else {
        ULONG lba32 = 0;
        USHORT blocks16 = 0;
        ((PFOUR_BYTE)&lba32)->Byte3 = cdb->CDB10.LogicalBlockByte0;
        ((PFOUR_BYTE)&lba32)->Byte2 = cdb->CDB10.LogicalBlockByte1;
        ((PFOUR_BYTE)&lba32)->Byte1 = cdb->CDB10.LogicalBlockByte2;
        ((PFOUR_BYTE)&lba32)->Byte0 = cdb->CDB10.LogicalBlockByte3;
        ((PTWO_BYTE)&blocks16)->Byte1 = cdb->CDB10.TransferBlocksMsb;
        ((PTWO_BYTE)&blocks16)->Byte0 = cdb->CDB10.TransferBlocksLsb;
        lba = lba32;
        blocks = blocks16;
    }

    if (lba >= Lun->BlockCount || blocks > Lun->BlockCount - lba) {
        VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
        return SRB_STATUS_ERROR;
    }

    if (Write && Lun->ReadOnly) {
        VsSetSense(Srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
        return SRB_STATUS_ERROR;
    }

    offset = (SIZE_T)lba * VS_SECTOR_SIZE;
    length = (SIZE_T)blocks * VS_SECTOR_SIZE;
    if (length > Srb->DataTransferLength) {
        length = Srb->DataTransferLength;
    }

    KeAcquireInStackQueuedSpinLock(&Lun->Lock, &lockHandle);
    if (Write) {
        RtlCopyMemory(Lun->Media + offset, Srb->DataBuffer, length);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Lun->Media + offset, length);
    }
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    Srb->DataTransferLength = (ULONG)length;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsModeSense(
    _In_ PVS_LUN Lun,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(hdr, sizeof(*hdr));
    hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    hdr->DeviceSpecificParameter = Lun->ReadOnly ? MODE_DSP_WRITE_PROTECT : 0;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VsExecuteScsi(
    _In_ PVS_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVS_LUN lun = VsLunLookup(Adapter, Srb->PathId, Srb->TargetId, Srb->Lun);

    if (lun == NULL) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_VERIFY16:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VsInquiry(lun, Srb);

    case SCSIOP_READ_CAPACITY:
        return VsReadCapacity(lun, Srb, FALSE);

    case SCSIOP_READ_CAPACITY16:
        return VsReadCapacity(lun, Srb, TRUE);

    case SCSIOP_READ:
    case SCSIOP_READ16:
        return VsReadWrite(lun, Srb, FALSE);

    case SCSIOP_WRITE:
    case SCSIOP_WRITE16:
        return VsReadWrite(lun, Srb, TRUE);

    case SCSIOP_MODE_SENSE:
        return VsModeSense(lun, Srb);

    case SCSIOP_REPORT_LUNS:
    default:
        VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
        return SRB_STATUS_ERROR;
    }
}

_Use_decl_annotations_
BOOLEAN
VsHwStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    InterlockedIncrement(&adapter->OutstandingSrbs);

    if (adapter->Removed) {
        srbStatus = SRB_STATUS_NO_DEVICE;
        goto Complete;
    }

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        srbStatus = VsExecuteScsi(adapter, Srb);
        break;

    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_POWER:
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    default:
        srbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

Complete:
    Srb->SrbStatus = (Srb->SrbStatus & SRB_STATUS_AUTOSENSE_VALID) | srbStatus;
    InterlockedDecrement(&adapter->OutstandingSrbs);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
