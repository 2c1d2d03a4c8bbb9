/*++

Module Name:

    vslio.c

Abstract:

    Storport callbacks for VStorLite: find/initialize the virtual HBA and
    serve SCSI requests out of the RAM image.

--*/

#include "vstorlite.h"

static
VOID
VslCompleteSrb(
    _In_ PVSL_HBA_EXTENSION Hba,
    _In_ PSCSI_REQUEST_BLOCK Srb,
    _In_ UCHAR SrbStatus
    )
{
    Srb->SrbStatus = SrbStatus;
    StorPortNotification(RequestComplete, Hba, Srb);
}

_Use_decl_annotations_
ULONG
VslVirtualFindAdapter(
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PVSL_HBA_EXTENSION hba = (PVSL_HBA_EXTENSION)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    hba->Image       = VslGlobals.Image;
    hba->SectorCount = VslGlobals.SectorCount;
    RtlCopyMemory(hba->VendorId,  "VSLITE  ", 8);
    RtlCopyMemory(hba->ProductId, "RAM DISK        ", 16);

    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength       = VSL_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks      = VSL_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->VirtualDevice               = TRUE;

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
VslHwInitialize(
    PVOID DeviceExtension
    )
{
    PVSL_HBA_EXTENSION hba = (PVSL_HBA_EXTENSION)DeviceExtension;

    hba->Initialized = TRUE;
    InterlockedIncrement((volatile LONG *)&VslGlobals.AdapterCount);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
VslHwResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(PathId);

    StorPortCompleteRequest(DeviceExtension, 0, 0, 0, SRB_STATUS_BUS_RESET);
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
VslHwAdapterControl(
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);

    switch (ControlType) {

    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        break;

    case ScsiStopAdapter:
    default:
        break;
    }

    return ScsiAdapterControlSuccess;
}

_Use_decl_annotations_
VOID
VslHwFreeAdapterResources(
    PVOID DeviceExtension
    )
{
    PVSL_HBA_EXTENSION hba = (PVSL_HBA_EXTENSION)DeviceExtension;

    // the image belongs to the driver, not the adapter
    hba->Image = NULL;
    hba->Initialized = FALSE;
}

static
UCHAR
VslReadWrite(
    _In_ PVSL_HBA_EXTENSION Hba,
    _In_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
{
    PCDB    cdb = (PCDB)Srb->Cdb;
    ULONG   lba;
    ULONG   blocks;
    PUCHAR  diskPtr;

    REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
    blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;

    if ((ULONGLONG)lba + blocks > Hba->SectorCount ||
        (ULONGLONG)blocks * VSL_SECTOR_SIZE > Srb->DataTransferLength) {
        return SRB_STATUS_ERROR;
    }

    diskPtr = Hba->Image + ((SIZE_T)lba * VSL_SECTOR_SIZE);

    if (Write) {
        RtlCopyMemory(diskPtr, Srb->DataBuffer, (SIZE_T)blocks * VSL_SECTOR_SIZE);
    } else {
        RtlCopyMemory(Srb->DataBuffer, diskPtr, (SIZE_T)blocks * VSL_SECTOR_SIZE);
    }

    return SRB_STATUS_SUCCESS;
}

_Use_decl_annotations_
BOOLEAN
VslHwStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVSL_HBA_EXTENSION      hba = (PVSL_HBA_EXTENSION)DeviceExtension;
    PCDB                    cdb = (PCDB)Srb->Cdb;
    PINQUIRYDATA            inquiry;
    PREAD_CAPACITY_DATA     capacity;
    ULONG                   lastLba;
    UCHAR                   srbStatus = SRB_STATUS_INVALID_REQUEST;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        VslCompleteSrb(hba, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        VslCompleteSrb(hba, Srb, SRB_STATUS_NO_DEVICE);
        return TRUE;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {

    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    case SCSIOP_INQUIRY:
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            srbStatus = SRB_STATUS_DATA_OVERRUN;
            break;
        }
        inquiry = (PINQUIRYDATA)Srb->DataBuffer;
        RtlZeroMemory(inquiry, Srb->DataTransferLength);
        inquiry->DeviceType = DIRECT_ACCESS_DEVICE;
        inquiry->Versions = 5;
        RtlCopyMemory(inquiry->VendorId, hba->VendorId, 8);
        RtlCopyMemory(inquiry->ProductId, hba->ProductId, 16);
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    case SCSIOP_READ_CAPACITY:
        capacity = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        lastLba = hba->SectorCount - 1;
        REVERSE_BYTES(&capacity->LogicalBlockAddress, &lastLba);
        lastLba = VSL_SECTOR_SIZE;
        REVERSE_BYTES(&capacity->BytesPerBlock, &lastLba);
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    case SCSIOP_READ:
        srbStatus = VslReadWrite(hba, Srb, FALSE);
        break;

    case SCSIOP_WRITE:
        srbStatus = VslReadWrite(hba, Srb, TRUE);
        break;

    default:
        break;
    }

    VslCompleteSrb(hba, Srb, srbStatus);
    return TRUE;
}
