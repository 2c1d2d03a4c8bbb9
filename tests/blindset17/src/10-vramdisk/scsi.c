/*++

Module Name:

    scsi.c

Abstract:

    CDB handling for the RAM-backed LUN.

--*/
#include "vramdisk.h"

static UCHAR
VrdSetSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR SenseKey,
    _In_ UCHAR Asc
    )
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;

    if (sense != NULL && Srb->SenseInfoBufferLength >= sizeof(SENSE_DATA)) {
        RtlZeroMemory(sense, sizeof(SENSE_DATA));
        sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
        sense->SenseKey = SenseKey;
        sense->AdditionalSenseCode = Asc;
        sense->AdditionalSenseLength = sizeof(SENSE_DATA) - FIELD_OFFSET(SENSE_DATA, CommandSpecificInformation);
        Srb->SenseInfoBufferLength = sizeof(SENSE_DATA);
        return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
    }
    return SRB_STATUS_ERROR;
}

static UCHAR
VrdInquiry(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    PINQUIRYDATA inquiry = (PINQUIRYDATA)Srb->DataBuffer;

    UNREFERENCED_PARAMETER(Adapter);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        PVPD_SUPPORTED_PAGES_PAGE pages = (PVPD_SUPPORTED_PAGES_PAGE)Srb->DataBuffer;

        if (cdb->CDB6INQUIRY3.PageCode != VPD_SUPPORTED_PAGES ||
            Srb->DataTransferLength < sizeof(VPD_SUPPORTED_PAGES_PAGE) + 1) {
            return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB);
        }
        RtlZeroMemory(pages, Srb->DataTransferLength);
        pages->DeviceType = DIRECT_ACCESS_DEVICE;
        pages->PageCode = VPD_SUPPORTED_PAGES;
        pages->PageLength = 1;
        pages->SupportedPageList[0] = VPD_SUPPORTED_PAGES;
        Srb->DataTransferLength = sizeof(VPD_SUPPORTED_PAGES_PAGE) + 1;
        return SRB_STATUS_SUCCESS;
    }

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB);
    }

    RtlZeroMemory(inquiry, Srb->DataTransferLength);
    inquiry->DeviceType = DIRECT_ACCESS_DEVICE;
    inquiry->DeviceTypeQualifier = DEVICE_CONNECTED;
    inquiry->Versions = 5;
    inquiry->ResponseDataFormat = 2;
    inquiry->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    inquiry->CommandQueue = 1;
    RtlCopyMemory(inquiry->VendorId, VRD_VENDOR_ID, sizeof(inquiry->VendorId));
    RtlCopyMemory(inquiry->ProductId, VRD_PRODUCT_ID, sizeof(inquiry->ProductId));
    RtlCopyMemory(inquiry->ProductRevisionLevel, VRD_PRODUCT_REV, sizeof(inquiry->ProductRevisionLevel));

    Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadCapacity(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Sixteen
    )
{
    ULONG lastLba = Adapter->SectorCount - 1;

    if (!Sixteen) {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
        {
            ULONG bytesPerBlock = VRD_SECTOR_SIZE;
            REVERSE_BYTES(&cap->BytesPerBlock, &bytesPerBlock);
        }
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    } else {
        PREAD_CAPACITY_DATA_EX cap = (PREAD_CAPACITY_DATA_EX)Srb->DataBuffer;
        ULONGLONG lba64 = lastLba;
        ULONG bytesPerBlock = VRD_SECTOR_SIZE;
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA_EX)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        REVERSE_BYTES_QUAD(&cap->LogicalBlockAddress.QuadPart, &lba64);
        REVERSE_BYTES(&cap->BytesPerBlock, &bytesPerBlock);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA_EX);
    }
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadWrite(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ ULONGLONG Lba,
    _In_ ULONG Blocks,
    _In_ BOOLEAN Write
    )
{
    ULONGLONG offset = Lba * VRD_SECTOR_SIZE;
    ULONG length = Blocks * VRD_SECTOR_SIZE;

    if (Lba + Blocks > Adapter->SectorCount || length > Srb->DataTransferLength) {
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK);
    }
    if (Write && Adapter->ReadOnly) {
        return VrdSetSense(Srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT);
    }

    if (Write) {
        RtlCopyMemory(Adapter->Storage + offset, Srb->DataBuffer, length);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Storage + offset, length);
    }
    Srb->DataTransferLength = length;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdModeSense(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PMODE_PARAMETER_HEADER header = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    RtlZeroMemory(header, sizeof(MODE_PARAMETER_HEADER));
    header->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    header->DeviceSpecificParameter = Adapter->ReadOnly ? MODE_DSP_WRITE_PROTECT : 0;
    Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

UCHAR
VrdExecuteScsi(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONGLONG lba;
    ULONG blocks;

    if (Adapter->Storage == NULL || Adapter->Removed) {
        return SRB_STATUS_NO_DEVICE;
    }

    Srb->ScsiStatus = SCSISTAT_GOOD;

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_VERIFY16:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VrdInquiry(Adapter, Srb);

    case SCSIOP_READ_CAPACITY:
        return VrdReadCapacity(Adapter, Srb, FALSE);

    case SCSIOP_READ_CAPACITY16:
        return VrdReadCapacity(Adapter, Srb, TRUE);

    case SCSIOP_MODE_SENSE:
        return VrdModeSense(Adapter, Srb);

    case SCSIOP_READ:
    case SCSIOP_WRITE:
        lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) | ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
              ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8) | cdb->CDB10.LogicalBlockByte3;
        blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;
        return VrdReadWrite(Adapter, Srb, lba, blocks,
                            cdb->CDB6GENERIC.OperationCode == SCSIOP_WRITE);

    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
        REVERSE_BYTES_QUAD(&lba, cdb->CDB16.LogicalBlock);
        REVERSE_BYTES(&blocks, cdb->CDB16.TransferLength);
        return VrdReadWrite(Adapter, Srb, lba, blocks,
                            cdb->CDB6GENERIC.OperationCode == SCSIOP_WRITE16);

    default:
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND);
    }
}
