/*++

Module Name:

    scsi.c

Abstract:

    HwStartIo for vstor.sys.  Every SRB is completed synchronously:
    buffers are mapped (STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE), so
    Srb->DataBuffer is a system virtual address and a transfer is a
    plain memory copy to or from the backing store.

--*/

#include "vstor.h"

static
VOID
VsSetSense(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR SenseKey,
    _In_ UCHAR Asc,
    _In_ UCHAR Ascq
    )
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
    Srb->SrbStatus = SRB_STATUS_ERROR;

    if (sense != NULL && Srb->SenseInfoBufferLength >= sizeof(SENSE_DATA)) {
        RtlZeroMemory(sense, sizeof(SENSE_DATA));
        sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
        sense->SenseKey = SenseKey;
        sense->AdditionalSenseLength = sizeof(SENSE_DATA) - RTL_SIZEOF_THROUGH_FIELD(SENSE_DATA, AdditionalSenseLength);
        sense->AdditionalSenseCode = Asc;
        sense->AdditionalSenseCodeQualifier = Ascq;
        Srb->SrbStatus |= SRB_STATUS_AUTOSENSE_VALID;
    }
}

static
UCHAR
VsCopyOut(
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ ULONG Length
    )
{
    ULONG n = min(Length, Srb->DataTransferLength);

    if (n != 0 && Srb->DataBuffer == NULL) {
        return SRB_STATUS_ERROR;
    }

    RtlCopyMemory(Srb->DataBuffer, Data, n);
    Srb->DataTransferLength = n;
    return SRB_STATUS_SUCCESS;
}

static
UCHAR
VsInquiry(
    _In_ PVSTOR_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    UCHAR page[64];

    UNREFERENCED_PARAMETER(Adapter);

    RtlZeroMemory(page, sizeof(page));

    if (cdb->CDB6INQUIRY3.EnableVitalProductData == 0) {
        PINQUIRYDATA inq = (PINQUIRYDATA)page;

        if (cdb->CDB6INQUIRY3.PageCode != 0) {
            VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
            return Srb->SrbStatus;
        }

        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->DeviceTypeQualifier = DEVICE_CONNECTED;
        inq->RemovableMedia = 0;
        inq->Versions = 0x06;                   // SPC-4
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        inq->CommandQueue = 1;
        RtlCopyMemory(inq->VendorId, VSTOR_VENDOR_ID, 8);
        RtlCopyMemory(inq->ProductId, g_VsConfig.ProductId, 16);
        RtlCopyMemory(inq->ProductRevisionLevel, VSTOR_PRODUCT_REVISION, 4);

        return VsCopyOut(Srb, page, INQUIRYDATABUFFERSIZE);
    }

    switch (cdb->CDB6INQUIRY3.PageCode) {
    case VPD_SUPPORTED_PAGES:
        page[0] = DIRECT_ACCESS_DEVICE;
        page[1] = VPD_SUPPORTED_PAGES;
        page[3] = 2;
        page[4] = VPD_SUPPORTED_PAGES;
        page[5] = VPD_SERIAL_NUMBER;
        return VsCopyOut(Srb, page, 6);

    case VPD_SERIAL_NUMBER:
        page[0] = DIRECT_ACCESS_DEVICE;
        page[1] = VPD_SERIAL_NUMBER;
        page[3] = 16;
        RtlCopyMemory(&page[4], g_VsConfig.SerialNumber, 16);
        return VsCopyOut(Srb, page, 4 + 16);

    default:
        VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
        return Srb->SrbStatus;
    }
}

static
UCHAR
VsReadCapacity(
    _In_ PVSTOR_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Extended
    )
{
    ULONG blockSize = VSTOR_SECTOR_SIZE;
    ULONGLONG lastLba = Adapter->BlockCount - 1;

    if (Extended) {
        READ_CAPACITY_DATA_EX data;

        RtlZeroMemory(&data, sizeof(data));
        REVERSE_BYTES_QUAD(&data.LogicalBlockAddress.QuadPart, &lastLba);
        REVERSE_BYTES(&data.BytesPerBlock, &blockSize);
        return VsCopyOut(Srb, &data, sizeof(data));
    } else {
        READ_CAPACITY_DATA data;
        ULONG last32 = (lastLba > 0xFFFFFFFEULL) ? 0xFFFFFFFF : (ULONG)lastLba;

        REVERSE_BYTES(&data.LogicalBlockAddress, &last32);
        REVERSE_BYTES(&data.BytesPerBlock, &blockSize);
        return VsCopyOut(Srb, &data, sizeof(data));
    }
}

static
UCHAR
VsModeSense(
    _In_ PVSTOR_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN TenByte
    )
{
    UCHAR wp = Adapter->ReadOnly ? MODE_DSP_WRITE_PROTECT : 0;

    //
    // Header only: no block descriptors, no pages.  Enough for disk.sys
    // to learn the write-protect state; page requests get an empty list.
    //
    if (TenByte) {
        MODE_PARAMETER_HEADER10 hdr;
        RtlZeroMemory(&hdr, sizeof(hdr));
        hdr.ModeDataLength[1] = sizeof(hdr) - RTL_SIZEOF_THROUGH_FIELD(MODE_PARAMETER_HEADER10, ModeDataLength);
        hdr.DeviceSpecificParameter = wp;
        return VsCopyOut(Srb, &hdr, sizeof(hdr));
    } else {
        MODE_PARAMETER_HEADER hdr;
        RtlZeroMemory(&hdr, sizeof(hdr));
        hdr.ModeDataLength = sizeof(hdr) - RTL_SIZEOF_THROUGH_FIELD(MODE_PARAMETER_HEADER, ModeDataLength);
        hdr.DeviceSpecificParameter = wp;
        return VsCopyOut(Srb, &hdr, sizeof(hdr));
    }
}

static
UCHAR
VsReadWrite(
    _In_ PVSTOR_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write,
    _In_ BOOLEAN Cdb16
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONGLONG lba = 0;
    ULONG blocks = 0;
    ULONGLONG offset;
    ULONGLONG bytes;

    if (Cdb16) {
        REVERSE_BYTES_QUAD(&lba, cdb->CDB16.LogicalBlock);
        REVERSE_BYTES(&blocks, cdb->CDB16.TransferLength);
    } else {
        lba = ((ULONG)cdb->CDB10.LogicalBlockByte0 << 24) |
              ((ULONG)cdb->CDB10.LogicalBlockByte1 << 16) |
              ((ULONG)cdb->CDB10.LogicalBlockByte2 << 8)  |
               (ULONG)cdb->CDB10.LogicalBlockByte3;
        blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;
    }

    if (lba >= Adapter->BlockCount || blocks > Adapter->BlockCount - lba) {
        VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
        return Srb->SrbStatus;
    }

    if (Write && Adapter->ReadOnly) {
        VsSetSense(Srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
        return Srb->SrbStatus;
    }

    offset = lba * VSTOR_SECTOR_SIZE;
    bytes = (ULONGLONG)blocks * VSTOR_SECTOR_SIZE;

    if (bytes > Srb->DataTransferLength || (bytes != 0 && Srb->DataBuffer == NULL)) {
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

static
UCHAR
VsExecuteScsi(
    _In_ PVSTOR_ADAPTER Adapter,
    _Inout_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (Srb->PathId != 0 || Srb->TargetId != 0) {
        return SRB_STATUS_NO_DEVICE;
    }
    if (Srb->Lun != 0) {
        return SRB_STATUS_INVALID_LUN;
    }
    if (Adapter->Disk == NULL || Adapter->Stopped) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_VERIFY16:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
        Srb->DataTransferLength = 0;
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VsInquiry(Adapter, Srb);

    case SCSIOP_READ_CAPACITY:
        return VsReadCapacity(Adapter, Srb, FALSE);

    case SCSIOP_READ_CAPACITY16:        // SERVICE ACTION IN (16)
        if (cdb->READ_CAPACITY16.ServiceAction != SERVICE_ACTION_READ_CAPACITY16) {
            break;
        }
        return VsReadCapacity(Adapter, Srb, TRUE);

    case SCSIOP_MODE_SENSE:
        return VsModeSense(Adapter, Srb, FALSE);

    case SCSIOP_MODE_SENSE10:
        return VsModeSense(Adapter, Srb, TRUE);

    case SCSIOP_READ:
        return VsReadWrite(Adapter, Srb, FALSE, FALSE);

    case SCSIOP_WRITE:
        return VsReadWrite(Adapter, Srb, TRUE, FALSE);

    case SCSIOP_READ16:
        return VsReadWrite(Adapter, Srb, FALSE, TRUE);

    case SCSIOP_WRITE16:
        return VsReadWrite(Adapter, Srb, TRUE, TRUE);

    default:
        break;
    }

    VsSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
    return Srb->SrbStatus;
}

_Use_decl_annotations_
BOOLEAN
VsHwStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVSTOR_ADAPTER adapter = (PVSTOR_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    adapter->SrbCount++;

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

    default:
        srbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
