#include "ramvstor.h"

_Use_decl_annotations_
ULONG
RvHwFindAdapter(
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PRV_ADAPTER adapter = (PRV_ADAPTER)DeviceExtension;
    KIRQL irql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;
    RtlZeroMemory(adapter, sizeof(*adapter));

    adapter->DiskBytes = g_Rv->DiskBytes;
    adapter->Disk = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, (SIZE_T)adapter->DiskBytes, RV_TAG);
    if (adapter->Disk == NULL) {
        return SP_RETURN_ERROR;
    }

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength = RV_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = RV_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;

    KeAcquireSpinLock(&g_Rv->Lock, &irql);
    adapter->Number = g_Rv->NextNumber++;
    InsertTailList(&g_Rv->Adapters, &adapter->Link);
    adapter->Linked = TRUE;
    KeReleaseSpinLock(&g_Rv->Lock, irql);

    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
RvHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static UCHAR
RvReadWrite(_In_ PRV_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb, _In_ BOOLEAN Write)
{
    PCDB cdb = (PCDB)Srb->Cdb;
    ULONGLONG offset, length;
    ULONG lba;
    USHORT blocks;

    REVERSE_BYTES(&lba, &cdb->CDB10.LogicalBlockByte0);
    blocks = (USHORT)((cdb->CDB10.TransferBlocksMsb << 8) | cdb->CDB10.TransferBlocksLsb);

    offset = (ULONGLONG)lba * RV_BLOCK_SIZE;
    length = (ULONGLONG)blocks * RV_BLOCK_SIZE;
    if (offset + length > Adapter->DiskBytes || length > Srb->DataTransferLength) {
        return SRB_STATUS_ERROR;
    }

    if (Write) {
        RtlCopyMemory(Adapter->Disk + offset, Srb->DataBuffer, (SIZE_T)length);
    } else {
        RtlCopyMemory(Srb->DataBuffer, Adapter->Disk + offset, (SIZE_T)length);
    }
    Srb->DataTransferLength = (ULONG)length;
    return SRB_STATUS_SUCCESS;
}

static UCHAR
RvExecuteScsi(_In_ PRV_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        return SRB_STATUS_NO_DEVICE;
    }

    switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
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
        RtlCopyMemory(inq->VendorId, RV_VENDOR, 8);
        RtlCopyMemory(inq->ProductId, RV_PRODUCT, 16);
        RtlCopyMemory(inq->ProductRevisionLevel, RV_REVISION, 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        ULONG lastLba = (ULONG)(Adapter->DiskBytes / RV_BLOCK_SIZE - 1);
        if (Srb->DataTransferLength < sizeof(READ_CAPACITY_DATA)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        REVERSE_BYTES(&cap->LogicalBlockAddress, &lastLba);
        cap->BytesPerBlock = RtlUlongByteSwap(RV_BLOCK_SIZE);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_MODE_SENSE: {
        PMODE_PARAMETER_HEADER hdr = (PMODE_PARAMETER_HEADER)Srb->DataBuffer;
        if (Srb->DataTransferLength < sizeof(MODE_PARAMETER_HEADER)) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(hdr, sizeof(*hdr));
        hdr->ModeDataLength = sizeof(MODE_PARAMETER_HEADER) - 1;
        Srb->DataTransferLength = sizeof(MODE_PARAMETER_HEADER);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
        return RvReadWrite(Adapter, Srb, FALSE);

    case SCSIOP_WRITE:
        return RvReadWrite(Adapter, Srb, TRUE);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

_Use_decl_annotations_
BOOLEAN
RvHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRV_ADAPTER adapter = (PRV_ADAPTER)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = RvExecuteScsi(adapter, Srb);
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

_Use_decl_annotations_
BOOLEAN
RvHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
RvHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiQuerySupportedControlTypes) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        }
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

_Use_decl_annotations_
VOID
RvHwFreeAdapterResources(PVOID DeviceExtension)
{
    PRV_ADAPTER adapter = (PRV_ADAPTER)DeviceExtension;
    KIRQL irql;

    if (adapter->Linked) {
        KeAcquireSpinLock(&g_Rv->Lock, &irql);
        RemoveEntryList(&adapter->Link);
        KeReleaseSpinLock(&g_Rv->Lock, irql);
        adapter->Linked = FALSE;
    }

    if (adapter->Disk != NULL) {
        ExFreePoolWithTag(adapter->Disk, RV_TAG);
        adapter->Disk = NULL;
    }
}
