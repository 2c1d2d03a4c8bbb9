// scsi.cpp - the handful of SCSI commands a disk class driver needs
#include "vminiport.h"

namespace vmp {

namespace {

template <typename T>
T* DataAs(PSCSI_REQUEST_BLOCK srb)
{
    if (srb->DataBuffer == nullptr || srb->DataTransferLength < sizeof(T)) {
        return nullptr;
    }
    return static_cast<T*>(srb->DataBuffer);
}

UCHAR Inquiry(PSCSI_REQUEST_BLOCK srb)
{
    auto cdb = reinterpret_cast<PCDB>(srb->Cdb);
    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        return SRB_STATUS_INVALID_REQUEST;          // no VPD pages, class driver copes
    }

    auto data = DataAs<INQUIRYDATA>(srb);
    if (!data) {
        return SRB_STATUS_DATA_OVERRUN;
    }

    RtlZeroMemory(data, sizeof(INQUIRYDATA));
    data->DeviceType = DIRECT_ACCESS_DEVICE;
    data->Versions = 5;
    data->ResponseDataFormat = 2;
    data->AdditionalLength = sizeof(INQUIRYDATA) - 5;
    data->CommandQueue = 1;
    RtlCopyMemory(data->VendorId, "HOBBY   ", 8);
    RtlCopyMemory(data->ProductId, "RAMDISK VMP     ", 16);
    RtlCopyMemory(data->ProductRevisionLevel, "0001", 4);
    srb->DataTransferLength = sizeof(INQUIRYDATA);
    return SRB_STATUS_SUCCESS;
}

UCHAR ReadCapacity(PSCSI_REQUEST_BLOCK srb)
{
    auto data = DataAs<READ_CAPACITY_DATA>(srb);
    if (!data) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    data->LogicalBlockAddress = Be32(kLastLba);
    data->BytesPerBlock = Be32(kBlockSize);
    srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
    return SRB_STATUS_SUCCESS;
}

UCHAR ModeSense(PSCSI_REQUEST_BLOCK srb)
{
    auto header = DataAs<MODE_PARAMETER_HEADER>(srb);
    if (!header) {
        return SRB_STATUS_DATA_OVERRUN;
    }
    RtlZeroMemory(header, sizeof(MODE_PARAMETER_HEADER));
    header->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
    srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
    return SRB_STATUS_SUCCESS;
}

UCHAR ReadWrite(AdapterExtension* ext, PSCSI_REQUEST_BLOCK srb, bool write)
{
    auto cdb = reinterpret_cast<PCDB>(srb->Cdb);
    const ULONG lba = (static_cast<ULONG>(cdb->CDB10.LogicalBlockByte0) << 24) |
                      (static_cast<ULONG>(cdb->CDB10.LogicalBlockByte1) << 16) |
                      (static_cast<ULONG>(cdb->CDB10.LogicalBlockByte2) << 8) |
                       static_cast<ULONG>(cdb->CDB10.LogicalBlockByte3);
    const ULONG blocks = (static_cast<ULONG>(cdb->CDB10.TransferBlocksMsb) << 8) | cdb->CDB10.TransferBlocksLsb;
    const ULONG64 offset = static_cast<ULONG64>(lba) * kBlockSize;
    const ULONG64 bytes = static_cast<ULONG64>(blocks) * kBlockSize;

    if (offset + bytes > kDiskBytes || bytes > srb->DataTransferLength || srb->DataBuffer == nullptr) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (write) {
        RtlCopyMemory(ext->Disk + offset, srb->DataBuffer, static_cast<SIZE_T>(bytes));
        InterlockedIncrement(&ext->Writes);
    } else {
        RtlCopyMemory(srb->DataBuffer, ext->Disk + offset, static_cast<SIZE_T>(bytes));
        InterlockedIncrement(&ext->Reads);
    }
    srb->DataTransferLength = static_cast<ULONG>(bytes);
    return SRB_STATUS_SUCCESS;
}

UCHAR ExecuteScsi(AdapterExtension* ext, PSCSI_REQUEST_BLOCK srb)
{
    if (srb->PathId != 0 || srb->TargetId != 0 || srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }
    if (ext->Stopped || ext->Disk == nullptr) {
        return SRB_STATUS_BUSY;
    }

    switch (srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return Inquiry(srb);
    case SCSIOP_READ_CAPACITY:
        return ReadCapacity(srb);
    case SCSIOP_MODE_SENSE:
        return ModeSense(srb);
    case SCSIOP_READ:
        return ReadWrite(ext, srb, false);
    case SCSIOP_WRITE:
        return ReadWrite(ext, srb, true);
    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

} // namespace

BOOLEAN HwStartIo(PVOID deviceExtension, PSCSI_REQUEST_BLOCK srb)
{
    auto ext = static_cast<AdapterExtension*>(deviceExtension);

    switch (srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        srb->SrbStatus = ExecuteScsi(ext, srb);
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_POWER:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, deviceExtension, srb);
    return TRUE;
}

} // namespace vmp
