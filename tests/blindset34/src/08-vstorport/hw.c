#include "vstor.h"

ULONG
VsHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVS_HBA hba = (PVS_HBA)DeviceExtension;
    KIRQL irql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength = VS_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = VS_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->WmiDataProvider = FALSE;

    RtlZeroMemory(hba, sizeof(*hba));
    hba->BlockCount = g_Vs->BlockCount;

    KeAcquireSpinLock(&g_Vs->Lock, &irql);
    hba->Index = g_Vs->AdapterCount++;
    InsertTailList(&g_Vs->Adapters, &hba->Link);
    KeReleaseSpinLock(&g_Vs->Lock, irql);

    VS_LOG("adapter %lu found, %I64u blocks", hba->Index, hba->BlockCount);
    return SP_RETURN_FOUND;
}

BOOLEAN
VsHwInitialize(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static UCHAR
VsExecuteScsi(_In_ PVS_HBA Hba, _Inout_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONG lba, blocks;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY: {
        PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(inq, Srb->DataTransferLength);
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        RtlCopyMemory(inq->VendorId, VS_VENDOR, 8);
        RtlCopyMemory(inq->ProductId, VS_PRODUCT, 16);
        RtlCopyMemory(inq->ProductRevisionLevel, VS_REVISION, 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        ULONG last = (Hba->BlockCount - 1 > 0xFFFFFFFF) ? 0xFFFFFFFF : (ULONG)(Hba->BlockCount - 1);
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        cap->LogicalBlockAddress = RtlUlongByteSwap(last);
        cap->BytesPerBlock = RtlUlongByteSwap(VS_BLOCK_SIZE);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
    case SCSIOP_WRITE:
        REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
        blocks = ((ULONG)cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb;
        if ((ULONGLONG)lba + blocks > Hba->BlockCount) {
            return SRB_STATUS_ERROR;
        }
        if (cdb->CDB6GENERIC.OperationCode == SCSIOP_READ) {
            RtlZeroMemory(Srb->DataBuffer, Srb->DataTransferLength);
        }
        return SRB_STATUS_SUCCESS;

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

BOOLEAN
VsHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PVS_HBA hba = (PVS_HBA)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = hba->Stopped ? SRB_STATUS_BUSY : VsExecuteScsi(hba, Srb);
        break;
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;
    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
VsHwResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VsHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVS_HBA hba = (PVS_HBA)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiQuerySupportedControlTypes) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        }
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        hba->Stopped = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        hba->Stopped = FALSE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
VsHwFreeAdapterResources(_In_ PVOID DeviceExtension)
{
    PVS_HBA hba = (PVS_HBA)DeviceExtension;
    KIRQL irql;

    KeAcquireSpinLock(&g_Vs->Lock, &irql);
    RemoveEntryList(&hba->Link);
    KeReleaseSpinLock(&g_Vs->Lock, irql);

    VS_LOG("adapter %lu removed", hba->Index);
}
