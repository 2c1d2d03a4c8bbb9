/*
 * hba.c - the HwStorXxx callbacks.  Only the handful of CDBs that disk.sys
 * really needs are handled, everything else is rejected.
 */
#include "vhba.h"

ULONG
VhbaFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVHBA_EXTENSION ext = (PVHBA_EXTENSION)DeviceExtension;
    KIRQL irql;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    ConfigInfo->VirtualDevice           = TRUE;
    ConfigInfo->MaximumTransferLength   = VHBA_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks  = (VHBA_MAX_TRANSFER / PAGE_SIZE) + 1;
    ConfigInfo->AlignmentMask           = 0x3;
    ConfigInfo->NumberOfBuses           = 1;
    ConfigInfo->MaximumNumberOfTargets  = VHBA_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = VHBA_MAX_LUNS;
    ConfigInfo->ScatterGather           = TRUE;
    ConfigInfo->Master                  = TRUE;
    ConfigInfo->CachesData              = FALSE;
    ConfigInfo->WmiDataProvider         = FALSE;
    ConfigInfo->SynchronizationModel    = StorSynchronizeFullDuplex;

    KeAcquireSpinLock(&g_Vhba->Lock, &irql);
    ext->AdapterIndex = g_Vhba->AdapterCount++;
    InsertTailList(&g_Vhba->AdapterList, &ext->Link);
    KeReleaseSpinLock(&g_Vhba->Lock, irql);

    VHBA_LOG("adapter %u found", ext->AdapterIndex);
    return SP_RETURN_FOUND;
}

BOOLEAN
VhbaHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PVHBA_EXTENSION ext = (PVHBA_EXTENSION)DeviceExtension;

    ext->Started = TRUE;
    return TRUE;
}

static UCHAR
VhbaReadWrite(
    _In_ PSCSI_REQUEST_BLOCK Srb,
    _In_ BOOLEAN Write
    )
{
    PUCHAR cdb = Srb->Cdb;
    ULONG lba = ((ULONG)cdb[2] << 24) | ((ULONG)cdb[3] << 16) |
                ((ULONG)cdb[4] << 8)  |  (ULONG)cdb[5];
    ULONG blocks = ((ULONG)cdb[7] << 8) | (ULONG)cdb[8];
    ULONG64 offset = (ULONG64)lba * VHBA_SECTOR_SIZE;
    ULONG length = blocks * VHBA_SECTOR_SIZE;

    if ((ULONG64)lba + blocks > g_Vhba->SectorCount ||
        length > Srb->DataTransferLength) {
        return SRB_STATUS_INVALID_REQUEST;
    }

    if (Write) {
        RtlCopyMemory(g_Vhba->Backing + offset, Srb->DataBuffer, length);
    } else {
        RtlCopyMemory(Srb->DataBuffer, g_Vhba->Backing + offset, length);
    }
    return SRB_STATUS_SUCCESS;
}

static UCHAR
VhbaExecuteScsi(
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    if (Srb->Lun != 0) {
        return SRB_STATUS_INVALID_LUN;
    }

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_VERIFY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        return SRB_STATUS_SUCCESS;

    case SCSIOP_INQUIRY: {
        PINQUIRYDATA inq = (PINQUIRYDATA)Srb->DataBuffer;
        if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
            return SRB_STATUS_DATA_OVERRUN;
        }
        RtlZeroMemory(inq, INQUIRYDATABUFFERSIZE);
        inq->DeviceType = DIRECT_ACCESS_DEVICE;
        inq->Versions = 5;
        inq->ResponseDataFormat = 2;
        inq->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
        RtlCopyMemory(inq->VendorId, VHBA_VENDOR, 8);
        RtlCopyMemory(inq->ProductId, VHBA_PRODUCT, 16);
        RtlCopyMemory(inq->ProductRevisionLevel, VHBA_REVISION, 4);
        Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ_CAPACITY: {
        PREAD_CAPACITY_DATA cap = (PREAD_CAPACITY_DATA)Srb->DataBuffer;
        ULONG last = g_Vhba->SectorCount - 1;
        ULONG bps = VHBA_SECTOR_SIZE;
        REVERSE_BYTES(&cap->LogicalBlockAddress, &last);
        REVERSE_BYTES(&cap->BytesPerBlock, &bps);
        Srb->DataTransferLength = sizeof(READ_CAPACITY_DATA);
        return SRB_STATUS_SUCCESS;
    }

    case SCSIOP_READ:
        return VhbaReadWrite(Srb, FALSE);

    case SCSIOP_WRITE:
        return VhbaReadWrite(Srb, TRUE);

    default:
        return SRB_STATUS_INVALID_REQUEST;
    }
}

BOOLEAN
VhbaStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVHBA_EXTENSION ext = (PVHBA_EXTENSION)DeviceExtension;

    InterlockedIncrement(&ext->IoCount);

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = VhbaExecuteScsi(Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
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
VhbaResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VhbaAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVHBA_EXTENSION ext = (PVHBA_EXTENSION)DeviceExtension;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list =
            (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        ext->Started = FALSE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ext->Started = TRUE;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
VhbaFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVHBA_EXTENSION ext = (PVHBA_EXTENSION)DeviceExtension;
    KIRQL irql;

    KeAcquireSpinLock(&g_Vhba->Lock, &irql);
    RemoveEntryList(&ext->Link);
    KeReleaseSpinLock(&g_Vhba->Lock, irql);
}

VOID
VhbaProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    /* nothing is serviced yet, bounce it straight back */
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

VOID
VhbaCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
