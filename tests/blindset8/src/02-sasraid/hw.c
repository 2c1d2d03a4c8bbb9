/*
 * hw.c - SR-8x hardware callbacks.
 */
#include "sasraid.h"

static __inline ULONG
SrdRead(PSRD_HW_EXTENSION Ext, ULONG Offset)
{
    return StorPortReadRegisterUlong(Ext, (PULONG)(Ext->Bar0 + Offset));
}

static __inline VOID
SrdWrite(PSRD_HW_EXTENSION Ext, ULONG Offset, ULONG Value)
{
    StorPortWriteRegisterUlong(Ext, (PULONG)(Ext->Bar0 + Offset), Value);
}

NTSTATUS
SrdStatsInitialize(
    _Out_ PSRD_GLOBAL_STATS Stats
    )
{
    RtlZeroMemory(Stats, sizeof(*Stats));
    Stats->Generation = 1;
    return STATUS_SUCCESS;
}

ULONG
SrdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Reserved3
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;
    PACCESS_RANGE range;
    PCI_COMMON_CONFIG pciConfig;
    ULONG bytes;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);

    bytes = StorPortGetBusData(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                               ConfigInfo->SlotNumber, &pciConfig, sizeof(pciConfig));
    if (bytes < PCI_COMMON_HDR_LENGTH || pciConfig.VendorID != SRD_PCI_VENDOR_ID) {
        return SP_RETURN_NOT_FOUND;
    }

    ext->DeviceId   = pciConfig.DeviceID;
    ext->BusNumber  = ConfigInfo->SystemIoBusNumber;
    ext->SlotNumber = ConfigInfo->SlotNumber;

    range = &((*(ConfigInfo->AccessRanges))[0]);
    if (range->RangeLength == 0 || range->RangeInMemory == FALSE) {
        SrdDbg(SRD_ERR, "BAR0 missing\n");
        return SP_RETURN_BAD_CONFIG;
    }

    ext->Bar0 = (PUCHAR)StorPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType,
                                              ConfigInfo->SystemIoBusNumber,
                                              range->RangeStart, range->RangeLength, FALSE);
    if (ext->Bar0 == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->Bar0Length = range->RangeLength;

    if ((SrdRead(ext, SRD_REG_FW_STATE) & SRD_FW_STATE_MASK) != SRD_FW_STATE_READY) {
        SrdDbg(SRD_ERR, "firmware not ready (%08x)\n", SrdRead(ext, SRD_REG_FW_STATE));
        return SP_RETURN_ERROR;
    }

    ConfigInfo->MaximumTransferLength       = SRD_MAX_TRANSFER_LENGTH;
    ConfigInfo->NumberOfPhysicalBreaks      = SRD_MAX_SG_ELEMENTS - 1;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = SRD_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = SRD_MAX_LUNS;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->Dma32BitAddresses           = TRUE;
    ConfigInfo->Dma64BitAddresses           = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;
    ConfigInfo->HwMSInterruptRoutine        = NULL;
    ConfigInfo->InterruptSynchronizationMode = InterruptSupportNone;

    SrdGlobalStats.AdaptersFound++;
    return SP_RETURN_FOUND;
}

BOOLEAN
SrdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;

    SrdWrite(ext, SRD_REG_DOORBELL_CLEAR, 0xFFFFFFFF);
    SrdWrite(ext, SRD_REG_INT_MASK, ~SRD_INT_OUTBOUND_POST);
    ext->InterruptsEnabled = TRUE;
    ext->FirmwareVersion   = SrdRead(ext, SRD_REG_FW_STATE) & ~SRD_FW_STATE_MASK;

    SrdDbg(SRD_INFO, "adapter %04x fw %08x up\n", ext->DeviceId, ext->FirmwareVersion);
    return TRUE;
}

BOOLEAN
SrdHwBuildIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PSRD_SRB_EXTENSION srbExt = (PSRD_SRB_EXTENSION)Srb->SrbExtension;
    PSTOR_SCATTER_GATHER_LIST sgl;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        return TRUE;
    }

    sgl = StorPortGetScatterGatherList(DeviceExtension, Srb);
    srbExt->Tag     = Srb->QueueTag;
    srbExt->SgCount = (sgl != NULL) ? sgl->NumberOfElements : 0;
    return TRUE;
}

BOOLEAN
SrdHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;
    PSRD_SRB_EXTENSION srbExt = (PSRD_SRB_EXTENSION)Srb->SrbExtension;

    if (ext->Resetting) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, ext, Srb);
        return TRUE;
    }

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        /* post the message frame; completion comes through SrdHwInterrupt */
        SrdWrite(ext, SRD_REG_INBOUND_QUEUE, srbExt->Tag);
        ext->OutstandingCommands++;
        return TRUE;

    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;

    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

BOOLEAN
SrdHwInterrupt(
    _In_ PVOID DeviceExtension
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;
    ULONG status;
    ULONG tag;

    if (!ext->InterruptsEnabled) {
        return FALSE;
    }

    status = SrdRead(ext, SRD_REG_INT_STATUS);
    if ((status & SRD_INT_OUTBOUND_POST) == 0) {
        return FALSE;
    }

    while ((tag = SrdRead(ext, SRD_REG_OUTBOUND_QUEUE)) != 0xFFFFFFFF) {
        PSCSI_REQUEST_BLOCK srb = StorPortGetSrb(ext, 0, 0, 0, (LONG)tag);
        if (srb != NULL) {
            srb->SrbStatus = SRB_STATUS_SUCCESS;
            StorPortNotification(RequestComplete, ext, srb);
            ext->OutstandingCommands--;
        }
    }

    SrdWrite(ext, SRD_REG_DOORBELL_CLEAR, SRD_INT_OUTBOUND_POST);
    return TRUE;
}

BOOLEAN
SrdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;

    ext->Resetting = TRUE;
    SrdWrite(ext, SRD_REG_DOORBELL, 0x1);
    StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    ext->OutstandingCommands = 0;
    ext->Resetting = FALSE;
    SrdGlobalStats.ResetsIssued++;
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
SrdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSRD_HW_EXTENSION ext = (PSRD_HW_EXTENSION)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        list->SupportedTypeList[ScsiStopAdapter]                = TRUE;
        list->SupportedTypeList[ScsiRestartAdapter]             = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        SrdWrite(ext, SRD_REG_INT_MASK, 0xFFFFFFFF);
        ext->InterruptsEnabled = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        return SrdHwInitialize(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
