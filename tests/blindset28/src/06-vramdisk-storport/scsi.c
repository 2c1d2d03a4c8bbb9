#include "vramdisk.h"

static ULONG VrdBe32(const UCHAR *b)
{
    return ((ULONG)b[0] << 24) | ((ULONG)b[1] << 16) | ((ULONG)b[2] << 8) | (ULONG)b[3];
}

static VOID VrdPutBe32(PUCHAR b, ULONG v)
{
    b[0] = (UCHAR)(v >> 24);
    b[1] = (UCHAR)(v >> 16);
    b[2] = (UCHAR)(v >> 8);
    b[3] = (UCHAR)v;
}

static UCHAR VrdInquiry(PVRD_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    INQUIRYDATA inq;
    ULONG len;

    UNREFERENCED_PARAMETER(Adapter);

    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        return SRB_STATUS_INVALID_REQUEST;      // no VPD pages yet
    }

    RtlZeroMemory(&inq, sizeof(inq));
    inq.DeviceType = DIRECT_ACCESS_DEVICE;
    inq.DeviceTypeQualifier = DEVICE_CONNECTED;
    inq.RemovableMedia = FALSE;
    inq.Versions = 5;
    inq.ResponseDataFormat = 2;
    inq.AdditionalLength = (UCHAR)(sizeof(INQUIRYDATA) - 5);
    inq.CommandQueue = TRUE;
    StorPortMoveMemory(inq.VendorId, VRD_VENDOR, sizeof(inq.VendorId));
    StorPortMoveMemory(inq.ProductId, VRD_PRODUCT, sizeof(inq.ProductId));
    StorPortMoveMemory(inq.ProductRevisionLevel, VRD_REVISION, sizeof(inq.ProductRevisionLevel));

    len = min(Srb->DataTransferLength, (ULONG)sizeof(inq));
    StorPortMoveMemory(Srb->DataBuffer, &inq, len);
    Srb->DataTransferLength = len;
    return SRB_STATUS_SUCCESS;
}

static UCHAR VrdReadCapacity(PVRD_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR out = (PUCHAR)Srb->DataBuffer;

    if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    VrdPutBe32(out, Adapter->SectorCount - 1);      // last LBA
    VrdPutBe32(out + 4, VRD_SECTOR_SIZE);
    Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

static UCHAR VrdModeSense(PSCSI_REQUEST_BLOCK Srb)
{
    MODE_PARAMETER_HEADER hdr;
    ULONG len;

    RtlZeroMemory(&hdr, sizeof(hdr));
    hdr.ModeDataLength = sizeof(hdr) - 1;

    len = min(Srb->DataTransferLength, (ULONG)sizeof(hdr));
    StorPortMoveMemory(Srb->DataBuffer, &hdr, len);
    Srb->DataTransferLength = len;
    return SRB_STATUS_SUCCESS;
}

static UCHAR VrdReadWrite(PVRD_ADAPTER Adapter, PSCSI_REQUEST_BLOCK Srb, BOOLEAN Write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba = VrdBe32(&cdb->CDB10.LogicalBlockByte0);
    ULONG blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;
    ULONG64 offset = (ULONG64)lba * VRD_SECTOR_SIZE;
    ULONG bytes = blocks * VRD_SECTOR_SIZE;

    if ((ULONG64)lba + blocks > Adapter->SectorCount) {
        return SRB_STATUS_ERROR;
    }
    if (bytes > Srb->DataTransferLength) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    if (Write) {
        StorPortMoveMemory(Adapter->Disk + offset, Srb->DataBuffer, bytes);
        Adapter->Writes++;
    } else {
        StorPortMoveMemory(Srb->DataBuffer, Adapter->Disk + offset, bytes);
        Adapter->Reads++;
    }

    Srb->DataTransferLength = bytes;
    return SRB_STATUS_SUCCESS;
}

UCHAR VrdExecuteScsi(_In_ PVRD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (!Adapter->Ready || Adapter->Disk == NULL) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_MEDIUM_REMOVAL:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        return VrdInquiry(Adapter, Srb);

    case SCSIOP_READ_CAPACITY:
        return VrdReadCapacity(Adapter, Srb);

    case SCSIOP_MODE_SENSE:
        return VrdModeSense(Srb);

    case SCSIOP_READ:
        return VrdReadWrite(Adapter, Srb, FALSE);

    case SCSIOP_WRITE:
        return VrdReadWrite(Adapter, Srb, TRUE);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}
