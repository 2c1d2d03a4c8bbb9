/*++

Copyright (c) Graphic Design Institute Storage Labs.  All rights reserved.

Module Name:

    scsi.c

Abstract:

    HwStartIo and the SCSI command set of the VRD virtual miniport.
    Every request completes synchronously.

Environment:

    Kernel mode, Storport virtual miniport.

--*/

#include "vrd.h"

static
UCHAR
VrdExecuteScsi(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    );

static
UCHAR
VrdInquiry(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    );

static
UCHAR
VrdReadWrite(
    _In_ PVRD_DISK Disk,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ ULONG64 StartingBlock,
    _In_ ULONG BlockCount,
    _In_ BOOLEAN IsWrite
    );

static
UCHAR
VrdSetSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR SenseKey,
    _In_ UCHAR AdditionalSenseCode,
    _In_ UCHAR AdditionalSenseCodeQualifier
    );


static
UCHAR
VrdSetSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR SenseKey,
    _In_ UCHAR AdditionalSenseCode,
    _In_ UCHAR AdditionalSenseCodeQualifier
    )
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;

    if (sense == NULL || Srb->SenseInfoBufferLength < sizeof(SENSE_DATA) ||
        (Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE)) {
        return SRB_STATUS_ERROR;
    }

    RtlZeroMemory(sense, sizeof(SENSE_DATA));
    sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense->SenseKey = SenseKey;
    sense->AdditionalSenseLength = sizeof(SENSE_DATA) - RTL_SIZEOF_THROUGH_FIELD(SENSE_DATA, AdditionalSenseLength);
    sense->AdditionalSenseCode = AdditionalSenseCode;
    sense->AdditionalSenseCodeQualifier = AdditionalSenseCodeQualifier;

    Srb->SenseInfoBufferLength = sizeof(SENSE_DATA);

    return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
}


static
UCHAR
VrdInquiry(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    PINQUIRYDATA inquiry;
    PVPD_SUPPORTED_PAGES_PAGE supportedPages;
    PVPD_SERIAL_NUMBER_PAGE serialPage;
    CHAR serial[16];
    size_t serialLength;

    if (Srb->DataBuffer == NULL) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    RtlZeroMemory(Srb->DataBuffer, Srb->DataTransferLength);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData == 0) {

        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
        }

        inquiry = (PINQUIRYDATA)Srb->DataBuffer;
        inquiry->DeviceType = DIRECT_ACCESS_DEVICE;
        inquiry->DeviceTypeQualifier = DEVICE_CONNECTED;
        inquiry->Versions = 5;
        inquiry->ResponseDataFormat = 2;
        inquiry->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        inquiry->CommandQueue = 1;

        RtlCopyMemory(inquiry->VendorId, VRD_VENDOR_ID, sizeof(inquiry->VendorId));
        RtlCopyMemory(inquiry->ProductId, VRD_PRODUCT_ID, sizeof(inquiry->ProductId));
        RtlCopyMemory(inquiry->ProductRevisionLevel, VRD_PRODUCT_REVISION, sizeof(inquiry->ProductRevisionLevel));

        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    switch (cdb->CDB6INQUIRY3.PageCode) {

    case VPD_SUPPORTED_PAGES:
        if (Srb->DataTransferLength < sizeof(VPD_SUPPORTED_PAGES_PAGE) + 2) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        supportedPages = (PVPD_SUPPORTED_PAGES_PAGE)Srb->DataBuffer;
        supportedPages->DeviceType = DIRECT_ACCESS_DEVICE;
        supportedPages->PageCode = VPD_SUPPORTED_PAGES;
        supportedPages->PageLength = 2;
        supportedPages->SupportedPageList[0] = VPD_SUPPORTED_PAGES;
        supportedPages->SupportedPageList[1] = VPD_SERIAL_NUMBER;
        Srb->DataTransferLength = sizeof(VPD_SUPPORTED_PAGES_PAGE) + 2;
        return SRB_STATUS_SUCCESS;

    case VPD_SERIAL_NUMBER:
        (VOID)RtlStringCbPrintfA(serial, sizeof(serial), "VRD%04lu%02u", Adapter->AdapterNumber, Srb->Lun);
        (VOID)RtlStringCbLengthA(serial, sizeof(serial), &serialLength);

        if (Srb->DataTransferLength < sizeof(VPD_SERIAL_NUMBER_PAGE) + serialLength) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        serialPage = (PVPD_SERIAL_NUMBER_PAGE)Srb->DataBuffer;
        serialPage->DeviceType = DIRECT_ACCESS_DEVICE;
        serialPage->PageCode = VPD_SERIAL_NUMBER;
        serialPage->PageLength = (UCHAR)serialLength;
        RtlCopyMemory(serialPage->SerialNumber, serial, serialLength);
        Srb->DataTransferLength = (ULONG)(sizeof(VPD_SERIAL_NUMBER_PAGE) + serialLength);
        return SRB_STATUS_SUCCESS;

    default:
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
    }
}


static
UCHAR
VrdReadWrite(
    _In_ PVRD_DISK Disk,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ ULONG64 StartingBlock,
    _In_ ULONG BlockCount,
    _In_ BOOLEAN IsWrite
    )
{
    ULONG64 byteOffset;
    ULONG byteCount;
    KIRQL oldIrql;

    if (StartingBlock >= Disk->BlockCount || BlockCount > Disk->BlockCount - StartingBlock) {
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
    }

    byteOffset = StartingBlock * VRD_BLOCK_SIZE;
    byteCount = BlockCount * VRD_BLOCK_SIZE;

    if (byteCount > Srb->DataTransferLength || Srb->DataBuffer == NULL) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (IsWrite && Disk->ReadOnly) {
        return VrdSetSense(Srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
    }

    KeAcquireSpinLock(&Disk->Lock, &oldIrql);

    if (IsWrite) {
        RtlCopyMemory(Disk->Memory + byteOffset, Srb->DataBuffer, byteCount);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Disk->Memory + byteOffset, byteCount);
    }

    KeReleaseSpinLock(&Disk->Lock, oldIrql);

    Srb->DataTransferLength = byteCount;
    return SRB_STATUS_SUCCESS;
}


static
UCHAR
VrdExecuteScsi(
    _In_ PVRD_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    PVRD_DISK disk;
    ULONG64 lba;
    ULONG blocks;
    ULONG lastBlock;
    PREAD_CAPACITY_DATA capacity;
    PREAD_CAPACITY_DATA_EX capacityEx;
    PMODE_PARAMETER_HEADER modeHeader;
    PMODE_PARAMETER_HEADER10 modeHeader10;
    PLUN_LIST lunList;
    ULONG lunListBytes;
    ULONG i;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun >= Adapter->LunCount) {
        return SRB_STATUS_NO_DEVICE;
    }

    disk = &Adapter->Disks[Srb->Lun];

    switch (cdb->CDB6GENERIC.OperationCode) {

    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
    case SCSIOP_VERIFY:
    case SCSIOP_VERIFY16:
        Srb->DataTransferLength = 0;
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VrdInquiry(Adapter, Srb);

    case SCSIOP_READ_CAPACITY:
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        capacity = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        lastBlock = (disk->BlockCount - 1 > MAXULONG) ? MAXULONG : (ULONG)(disk->BlockCount - 1);
        REVERSE_BYTES(&capacity->LogicalBlockAddress, &lastBlock);
        i = VRD_BLOCK_SIZE;
        REVERSE_BYTES(&capacity->BytesPerBlock, &i);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_SERVICE_ACTION_IN16:
        if (cdb->READ_CAPACITY16.ServiceAction != SERVICE_ACTION_READ_CAPACITY16) {
            return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
        }
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA_EX)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        capacityEx = (PREAD_CAPACITY_DATA_EX)Srb->DataBuffer;
        lba = disk->BlockCount - 1;
        REVERSE_BYTES_QUAD(&capacityEx->LogicalBlockAddress.QuadPart, &lba);
        i = VRD_BLOCK_SIZE;
        REVERSE_BYTES(&capacityEx->BytesPerBlock, &i);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA_EX);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_READ:
    case SCSIOP_WRITE:
        lba = ((ULONG64)cdb->CDB10.LogicalBlockByte0 << 24) |
              ((ULONG64)cdb->CDB10.LogicalBlockByte1 << 16) |
              ((ULONG64)cdb->CDB10.LogicalBlockByte2 << 8) |
              (ULONG64)cdb->CDB10.LogicalBlockByte3;
        blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;
        return VrdReadWrite(disk, Srb, lba, blocks, cdb->CDB10.OperationCode == SCSIOP_WRITE);

    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
        REVERSE_BYTES_QUAD(&lba, cdb->CDB16.LogicalBlock);
        REVERSE_BYTES(&blocks, cdb->CDB16.TransferLength);
        return VrdReadWrite(disk, Srb, lba, blocks, cdb->CDB16.OperationCode == SCSIOP_WRITE16);

    case SCSIOP_MODE_SENSE:
        if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        modeHeader = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;
        RtlZeroMemory(modeHeader, sizeof(MODE_PARAMETER_HEADER));
        modeHeader->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
        modeHeader->DeviceSpecificParameter = disk->ReadOnly ? MODE_DSP_WRITE_PROTECT : 0;
        Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_MODE_SENSE10:
        if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER10)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        modeHeader10 = (PMODE_PARAMETER_HEADER10)Srb->DataBuffer;
        RtlZeroMemory(modeHeader10, sizeof(MODE_PARAMETER_HEADER10));
        modeHeader10->ModeDataLength[1] = sizeof(MODE_PARAMETER_HEADER10) - 2;
        modeHeader10->DeviceSpecificParameter = disk->ReadOnly ? MODE_DSP_WRITE_PROTECT : 0;
        Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER10);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_REPORT_LUNS:
        lunListBytes = FIELD_OFFSET(LUN_LIST, Lun) + Adapter->LunCount * 8;
        if (Srb->DataTransferLength < lunListBytes) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        lunList = (PLUN_LIST)Srb->DataBuffer;
        RtlZeroMemory(lunList, lunListBytes);
        i = Adapter->LunCount * 8;
        REVERSE_BYTES(lunList->LunListLength, &i);
        for (i = 0; i < Adapter->LunCount; i++) {
            lunList->Lun[i][1] = (UCHAR)i;
        }
        Srb->DataTransferLength = lunListBytes;
        return SRB_STATUS_SUCCESS;

    default:
        return VrdSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
    }
}


_Use_decl_annotations_
BOOLEAN
VrdHwStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    InterlockedIncrement(&adapter->OutstandingIo);

    Srb->ScsiStatus = SCSISTAT_GOOD;

    switch (Srb->Function) {

    case SRB_FUNCTION_EXECUTE_SCSI:
        srbStatus = VrdExecuteScsi(adapter, Srb);
        break;

    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_POWER:
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_ABORT_COMMAND:
        //
        // Nothing is ever outstanding to abort.
        //
        srbStatus = SRB_STATUS_ABORT_FAILED;
        break;

    default:
        srbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    Srb->SrbStatus = srbStatus;

    InterlockedDecrement(&adapter->OutstandingIo);

    StorPortNotification(RequestComplete, DeviceExtension, Srb);

    return TRUE;
}
