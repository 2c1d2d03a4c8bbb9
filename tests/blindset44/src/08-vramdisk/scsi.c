/*
 * scsi.c - minimal SBC command set for the RAM LUN
 *
 * Copyright (c) 2018 Halcyon Kiosk Systems
 */

#include "vramdisk.h"

static
VOID
VrdCopyPadded(PUCHAR pucDst, const CHAR *pszSrc, ULONG cbDst)
{
    ULONG i;
    for (i = 0; i < cbDst; i++) {
        pucDst[i] = (*pszSrc != '\0') ? (UCHAR)*pszSrc++ : ' ';
    }
}

UCHAR
VrdExecuteNonIo(
    _In_ PVRD_ADAPTER_EXTENSION pExt,
    _In_ PSCSI_REQUEST_BLOCK    pSrb
    )
{
    PINQUIRYDATA            pInq;
    PREAD_CAPACITY_DATA     pCap;
    ULONG                   ulLastLba;
    ULONG                   ulBlock = VRD_SECTOR_SIZE;

    switch (pSrb->Cdb[0]) {

    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_START_STOP_UNIT:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY:
        if (pSrb->Cdb[1] & CDB_INQUIRY_EVPD) {
            return SRB_STATUS_INVALID_REQUEST;   /* no VPD pages */
        }
        if (pSrb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        pInq = (PINQUIRYDATA)pSrb->DataBuffer;
        RtlZeroMemory(pInq, pSrb->DataTransferLength);
        pInq->DeviceType          = DIRECT_ACCESS_DEVICE;
        pInq->RemovableMedia      = FALSE;
        pInq->Versions            = 5;              /* SPC-3 */
        pInq->ResponseDataFormat  = 2;
        pInq->AdditionalLength    = INQUIRYDATABUFFERSIZE - 5;
        pInq->CommandQueue        = TRUE;
        VrdCopyPadded(pInq->VendorId, VRD_VENDOR_ID, sizeof(pInq->VendorId));
        VrdCopyPadded(pInq->ProductId, VRD_PRODUCT_ID, sizeof(pInq->ProductId));
        VrdCopyPadded(pInq->ProductRevisionLevel, VRD_REVISION, sizeof(pInq->ProductRevisionLevel));
        pSrb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;

    case SCSIOP_READ_CAPACITY:
        if (pSrb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        pCap = (PREAD_CAPACITY_DATA)pSrb->DataBuffer;
        ulLastLba = (pExt->ullSectorCount - 1 > 0xFFFFFFFF) ?
                    0xFFFFFFFF : (ULONG)(pExt->ullSectorCount - 1);
        REVERSE_BYTES(&pCap->LogicalBlockAddress, &ulLastLba);
        REVERSE_BYTES(&pCap->BytesPerBlock, &ulBlock);
        pSrb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;

    case SCSIOP_MODE_SENSE:
        if (pSrb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(pSrb->DataBuffer, sizeof(MODE_PARAMETER_HEADER));
        ((PMODE_PARAMETER_HEADER)pSrb->DataBuffer)->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
        pSrb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

UCHAR
VrdExecuteReadWrite(
    _In_ PVRD_ADAPTER_EXTENSION pExt,
    _In_ PSCSI_REQUEST_BLOCK    pSrb
    )
{
    PCDB        pCdb = (PCDB)pSrb->Cdb;
    ULONGLONG   ullLba;
    ULONG       ulBlocks;
    ULONGLONG   ullOffset;
    BOOLEAN     bWrite;

    /* 10-byte CDBs only; a 64 MB..1 GB disk never needs READ(16) */
    ullLba   = ((ULONG)pCdb->CDB10.LogicalBlockByte0 << 24) |
               ((ULONG)pCdb->CDB10.LogicalBlockByte1 << 16) |
               ((ULONG)pCdb->CDB10.LogicalBlockByte2 << 8)  |
                (ULONG)pCdb->CDB10.LogicalBlockByte3;
    ulBlocks = ((ULONG)pCdb->CDB10.TransferBlocksMsb << 8) | pCdb->CDB10.TransferBlocksLsb;
    bWrite   = (SCSIOP_WRITE == pSrb->Cdb[0]);

    if (ullLba + ulBlocks > pExt->ullSectorCount ||
        (ULONGLONG)ulBlocks * VRD_SECTOR_SIZE > pSrb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    ullOffset = ullLba * VRD_SECTOR_SIZE;
    if (bWrite) {
        RtlCopyMemory(pExt->pucImage + ullOffset, pSrb->DataBuffer, (SIZE_T)ulBlocks * VRD_SECTOR_SIZE);
        InterlockedIncrement((volatile LONG *)&pExt->ulWrites);
    } else {
        RtlCopyMemory(pSrb->DataBuffer, pExt->pucImage + ullOffset, (SIZE_T)ulBlocks * VRD_SECTOR_SIZE);
        InterlockedIncrement((volatile LONG *)&pExt->ulReads);
    }
    return SRB_STATUS_SUCCESS;
}
