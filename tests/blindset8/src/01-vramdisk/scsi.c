/*
 * scsi.c - the handful of CDBs a RAM disk has to answer.
 */
#include "vramdisk.h"
#include <scsi.h>

static UCHAR
VrdInquiry(
    _In_ PVRD_DISK           Disk,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PINQUIRYDATA inquiry = (PINQUIRYDATA)Srb->DataBuffer;

    UNREFERENCED_PARAMETER(Disk);

    if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(inquiry, Srb->DataTransferLength);
    inquiry->DeviceType          = DIRECT_ACCESS_DEVICE;
    inquiry->DeviceTypeQualifier = DEVICE_CONNECTED;
    inquiry->Versions            = 5;
    inquiry->ResponseDataFormat  = 2;
    inquiry->AdditionalLength    = INQUIRYDATABUFFERSIZE - 5;
    inquiry->CommandQueue        = 1;

    RtlCopyMemory(inquiry->VendorId, VRD_VENDOR_ID, 8);
    RtlCopyMemory(inquiry->ProductId, VRD_PRODUCT_ID, 16);
    RtlCopyMemory(inquiry->ProductRevisionLevel, VRD_PRODUCT_REV, 4);

    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadCapacity(
    _In_ PVRD_DISK           Disk,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
    ULONG lastLba;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    lastLba = (ULONG)(Disk->SectorCount - 1);
    REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
    {
        ULONG bps = VRD_SECTOR_SIZE;
        REVERSE_BYTES(&cap->BytesPerBlock, &bps);
    }
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VrdReadWrite(
    _In_ PVRD_DISK           Disk,
    _In_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN             Write
    )
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba = 0;
    USHORT blocks = 0;
    ULONGLONG offset;

    REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
    REVERSE_BYTES_SHORT(&blocks, &cdb->CDB10.TransferBlocksMsb);

    if ((ULONGLONG)lba + blocks > Disk->SectorCount) {
        return SRB_STATUS_ERROR;
    }
    if ((ULONG)blocks * VRD_SECTOR_SIZE > Srb->DataTransferLength) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    offset = (ULONGLONG)lba * VRD_SECTOR_SIZE;

    if (Write) {
        if (VrdConfig.ReadOnly) {
            return SRB_STATUS_ERROR;
        }
        RtlCopyMemory(Disk->Image + offset, Srb->DataBuffer, (SIZE_T)blocks * VRD_SECTOR_SIZE);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Disk->Image + offset, (SIZE_T)blocks * VRD_SECTOR_SIZE);
    }
    return SRB_STATUS_SUCCESS;
}

UCHAR
VrdExecuteScsi(
    _In_ PVRD_ADAPTER_EXTENSION Adapter,
    _In_ PSCSI_REQUEST_BLOCK    Srb
    )
{
    PVRD_DISK disk;

    if (Srb->PathId != 0 || Srb->Lun != 0 || Srb->TargetId >= Adapter->DiskCount) {
        return SRB_STATUS_SELECTION_TIMEOUT;
    }

    disk = &Adapter->Disks[Srb->TargetId];
    if (!disk->Present) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return VrdInquiry(disk, Srb);
    case SCSIOP_READ_CAPACITY:
        return VrdReadCapacity(disk, Srb);
    case SCSIOP_READ:
        return VrdReadWrite(disk, Srb, FALSE);
    case SCSIOP_WRITE:
        return VrdReadWrite(disk, Srb, TRUE);
    case SCSIOP_MODE_SENSE:
        if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(Srb->DataBuffer, sizeof(MODE_PARAMETER_HEADER));
        ((PMODE_PARAMETER_HEADER)Srb->DataBuffer)->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
        if (VrdConfig.ReadOnly) {
            ((PMODE_PARAMETER_HEADER)Srb->DataBuffer)->DeviceSpecificParameter = MODE_DSP_WRITE_PROTECT;
        }
        Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
