// scsi.cpp - SRB execution for the sink LUNs
//
// Copyright (c) 2022 Kauri Test Systems Ltd.

#include "vscsi.h"

using namespace Kauri;

namespace {

inline void PadCopy(PUCHAR pucDst, const char* pszSrc, size_t cb)
{
    for (size_t i = 0; i < cb; i++) {
        pucDst[i] = (*pszSrc != '\0') ? static_cast<UCHAR>(*pszSrc++) : ' ';
    }
}

inline ULONG Cdb10Lba(const CDB* pCdb)
{
    return (static_cast<ULONG>(pCdb->CDB10.LogicalBlockByte0) << 24) |
           (static_cast<ULONG>(pCdb->CDB10.LogicalBlockByte1) << 16) |
           (static_cast<ULONG>(pCdb->CDB10.LogicalBlockByte2) << 8)  |
            static_cast<ULONG>(pCdb->CDB10.LogicalBlockByte3);
}

} // anonymous namespace

BOOLEAN CAdapter::StartIo(PVOID pvExt, PSCSI_REQUEST_BLOCK pSrb)
{
    ADAPTER_EXTENSION* pExt = static_cast<ADAPTER_EXTENSION*>(pvExt);

    switch (pSrb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        pSrb->SrbStatus = ExecuteScsi(pExt, pSrb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        pSrb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        pSrb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, pExt, pSrb);
    return TRUE;
}

UCHAR CAdapter::ExecuteScsi(ADAPTER_EXTENSION* pExt, PSCSI_REQUEST_BLOCK pSrb)
{
    if (pSrb->PathId != 0 || pSrb->TargetId != 0 || pSrb->Lun >= pExt->ulLunCount ||
        !pExt->pLuns[pSrb->Lun].bPresent) {
        return SRB_STATUS_NO_DEVICE;
    }

    LUN_STATE* pLun = &pExt->pLuns[pSrb->Lun];

    switch (pSrb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_VERIFY:
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return DoInquiry(pSrb);
    case SCSIOP_READ_CAPACITY:
        return DoReadCapacity(pLun, pSrb);
    case SCSIOP_READ:
    case SCSIOP_WRITE:
        return DoReadWrite(pExt, pLun, pSrb);
    case SCSIOP_MODE_SENSE:
        if (pSrb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(pSrb->DataBuffer, sizeof(MODE_PARAMETER_HEADER));
        static_cast<PMODE_PARAMETER_HEADER>(pSrb->DataBuffer)->ModeDataLength =
            sizeof(MODE_PARAMETER_HEADER) - 1;
        pSrb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

UCHAR CAdapter::DoInquiry(PSCSI_REQUEST_BLOCK pSrb)
{
    if (pSrb->Cdb[1] & CDB_INQUIRY_EVPD) {
        return SRB_STATUS_INVALID_REQUEST;
    }
    if (pSrb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    auto pInq = static_cast<PINQUIRYDATA>(pSrb->DataBuffer);
    RtlZeroMemory(pInq, INQUIRYDATABUFFERSIZE);
    pInq->DeviceType         = DIRECT_ACCESS_DEVICE;
    pInq->Versions           = 5;
    pInq->ResponseDataFormat = 2;
    pInq->AdditionalLength   = INQUIRYDATABUFFERSIZE - 5;
    pInq->CommandQueue       = TRUE;
    PadCopy(pInq->VendorId, "KAURI", sizeof(pInq->VendorId));
    PadCopy(pInq->ProductId, "SINK DISK", sizeof(pInq->ProductId));
    PadCopy(pInq->ProductRevisionLevel, "1.2", sizeof(pInq->ProductRevisionLevel));
    pSrb->DataTransferLength = INQUIRYDATABUFFERSIZE;
    return SRB_STATUS_SUCCESS;
}

UCHAR CAdapter::DoReadCapacity(LUN_STATE* pLun, PSCSI_REQUEST_BLOCK pSrb)
{
    if (pSrb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    auto  pCap     = static_cast<PREAD_CAPACITY_DATA>(pSrb->DataBuffer);
    ULONG ulLast   = static_cast<ULONG>(pLun->ullSectors - 1);
    ULONG ulBlock  = VS_SECTOR_SIZE;
    REVERSE_BYTES(&pCap->LogicalBlockAddress, &ulLast);
    REVERSE_BYTES(&pCap->BytesPerBlock, &ulBlock);
    pSrb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

UCHAR CAdapter::DoReadWrite(ADAPTER_EXTENSION* pExt, LUN_STATE* pLun, PSCSI_REQUEST_BLOCK pSrb)
{
    const CDB*  pCdb     = reinterpret_cast<const CDB*>(pSrb->Cdb);
    ULONG       ulLba    = Cdb10Lba(pCdb);
    ULONG       ulBlocks = (static_cast<ULONG>(pCdb->CDB10.TransferBlocksMsb) << 8) |
                           pCdb->CDB10.TransferBlocksLsb;
    ULONG       cbXfer   = ulBlocks * VS_SECTOR_SIZE;

    if (static_cast<ULONGLONG>(ulLba) + ulBlocks > pLun->ullSectors ||
        cbXfer > pSrb->DataTransferLength || cbXfer > VS_FILL_BYTES) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (pSrb->Cdb[0] == SCSIOP_READ) {
        RtlCopyMemory(pSrb->DataBuffer, pExt->pucFill, cbXfer);
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&pLun->ulReads));
    } else {
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&pLun->ulWrites));
    }
    pSrb->DataTransferLength = cbXfer;
    return SRB_STATUS_SUCCESS;
}
