#include "stornvx.h"

static BOOLEAN
NvxResetController(
    _In_ PNVX_DEVICE_EXTENSION Ext
    )
{
    ULONG i;

    NvxWrite(Ext, NVX_REG_INT_MASK, 0);
    NvxWrite(Ext, NVX_REG_CONTROL, NVX_CTRL_RESET);

    for (i = 0; i < 1000; i++) {
        if (NvxRead(Ext, NVX_REG_STATUS) & NVX_STS_READY) {
            return TRUE;
        }
        StorPortStallExecution(100);
    }
    return FALSE;
}

_Use_decl_annotations_
ULONG
NvxFindAdapter(
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Reserved3
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;
    PACCESS_RANGE range;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);

    if (ConfigInfo->NumberOfAccessRanges < 1) {
        return SP_RETURN_BAD_CONFIG;
    }

    range = &(*ConfigInfo->AccessRanges)[0];
    if (!range->RangeInMemory || range->RangeLength < 0x100) {
        return SP_RETURN_BAD_CONFIG;
    }

    ext->Bar0 = (PUCHAR)StorPortGetDeviceBase(DeviceExtension,
                                              ConfigInfo->AdapterInterfaceType,
                                              ConfigInfo->SystemIoBusNumber,
                                              range->RangeStart,
                                              range->RangeLength,
                                              FALSE);
    if (ext->Bar0 == NULL) {
        return SP_RETURN_ERROR;
    }
    ext->Bar0Length = range->RangeLength;

    ConfigInfo->MaximumTransferLength = NVX_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = NVX_MAX_BREAKS;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;

    if (!NvxResetController(ext)) {
        return SP_RETURN_ERROR;
    }

    ext->CapacityBlocks = ((ULONG64)NvxRead(ext, NVX_REG_CAPACITY_HI) << 32) |
                          NvxRead(ext, NVX_REG_CAPACITY_LO);
    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
NvxHwInitialize(
    PVOID DeviceExtension
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;

    NvxWrite(ext, NVX_REG_CONTROL, NVX_CTRL_ENABLE);
    NvxWrite(ext, NVX_REG_INT_MASK, NVX_INT_CMD_DONE);
    ext->Enabled = TRUE;
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
NvxBuildIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PNVX_SRB_EXTENSION srbExt = (PNVX_SRB_EXTENSION)Srb->SrbExtension;

    UNREFERENCED_PARAMETER(DeviceExtension);

    srbExt->Tag = Srb->QueueTag;
    srbExt->Flags = 0;
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
NvxStartIo(
    PVOID DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI ||
        Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        Srb->SrbStatus = (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) ?
                         SRB_STATUS_NO_DEVICE : SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }

    if (!ext->Enabled || ext->ActiveSrb != NULL) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        StorPortNotification(RequestComplete, DeviceExtension, Srb);
        return TRUE;
    }

    ext->ActiveSrb = Srb;
    NvxWrite(ext, NVX_REG_CMD_DOORBELL, ((PNVX_SRB_EXTENSION)Srb->SrbExtension)->Tag);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
NvxInterrupt(
    PVOID DeviceExtension
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;
    ULONG isr = NvxRead(ext, NVX_REG_INT_STATUS);
    PSCSI_REQUEST_BLOCK srb;

    if ((isr & NVX_INT_CMD_DONE) == 0) {
        return FALSE;
    }
    NvxWrite(ext, NVX_REG_INT_STATUS, isr);

    srb = ext->ActiveSrb;
    ext->ActiveSrb = NULL;
    if (srb != NULL) {
        srb->SrbStatus = SRB_STATUS_SUCCESS;
        StorPortNotification(RequestComplete, DeviceExtension, srb);
    }
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
NvxResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;

    ext->ActiveSrb = NULL;
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return NvxResetController(ext) && NvxHwInitialize(DeviceExtension);
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
NvxAdapterControl(
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        NvxWrite(ext, NVX_REG_INT_MASK, 0);
        NvxWrite(ext, NVX_REG_CONTROL, 0);
        ext->Enabled = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        if (NvxResetController(ext) && NvxHwInitialize(DeviceExtension)) {
            return ScsiAdapterControlSuccess;
        }
        return ScsiAdapterControlUnsuccessful;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
