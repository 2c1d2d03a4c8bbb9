/*++

Module Name:

    stornvx.c

Abstract:

    DriverEntry and HW_ routines of the StorNVX Storport miniport.

--*/
#include "stornvx.h"

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
/*++

Routine Description:

    Fills in HW_INITIALIZATION_DATA and hands it to Storport.  The value
    StorPortInitialize returns is the status of the load.

--*/
{
    HW_INITIALIZATION_DATA hwInitData;
    PUCHAR p = (PUCHAR)&hwInitData;
    ULONG i;

    //
    // Zero the structure byte by byte: this module is built without the
    // CRT and the compiler may not turn RtlZeroMemory into an intrinsic.
    //
    for (i = 0; i < sizeof(hwInitData); i++) {
        p[i] = 0;
    }

    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);

    hwInitData.HwInitialize     = NvxHwInitialize;
    hwInitData.HwStartIo        = NvxStartIo;
    hwInitData.HwBuildIo        = NvxBuildIo;
    hwInitData.HwInterrupt      = NvxInterrupt;
    hwInitData.HwFindAdapter    = NvxFindAdapter;
    hwInitData.HwResetBus       = NvxResetBus;
    hwInitData.HwAdapterControl = NvxAdapterControl;

    hwInitData.AdapterInterfaceType = PCIBus;
    hwInitData.DeviceExtensionSize  = sizeof(NVX_DEVICE_EXTENSION);
    hwInitData.SrbExtensionSize     = sizeof(NVX_SRB_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.NumberOfAccessRanges = 1;

    hwInitData.MapBuffers             = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NeedPhysicalAddresses  = TRUE;
    hwInitData.TaggedQueuing          = TRUE;
    hwInitData.AutoRequestSense       = TRUE;
    hwInitData.MultipleRequestPerLu   = TRUE;

    hwInitData.VendorId       = (PVOID)NVX_VENDOR_ID;
    hwInitData.VendorIdLength = (USHORT)(sizeof(NVX_VENDOR_ID) - 1);
    hwInitData.DeviceId       = (PVOID)NVX_DEVICE_ID;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(NVX_DEVICE_ID) - 1);

    hwInitData.FeatureSupport = STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES;
    hwInitData.SrbTypeFlags   = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;

    return StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}

ULONG
NvxFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Reserved3
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;
    PACCESS_RANGE range;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);

    if (ConfigInfo->NumberOfAccessRanges < 1) {
        return SP_RETURN_NOT_FOUND;
    }

    range = &(*ConfigInfo->AccessRanges)[0];
    if (range->RangeInMemory == FALSE || range->RangeLength < sizeof(NVX_REGISTERS)) {
        return SP_RETURN_BAD_CONFIG;
    }

    ext->Regs = (volatile NVX_REGISTERS *)StorPortGetDeviceBase(DeviceExtension,
                                                                ConfigInfo->AdapterInterfaceType,
                                                                ConfigInfo->SystemIoBusNumber,
                                                                range->RangeStart,
                                                                range->RangeLength,
                                                                FALSE);
    if (ext->Regs == NULL) {
        return SP_RETURN_ERROR;
    }

    ext->BusNumber = ConfigInfo->SystemIoBusNumber;
    ext->SlotNumber = ConfigInfo->SlotNumber;
    ext->BlockSize = 512;

    ConfigInfo->MaximumTransferLength = NVX_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = NVX_MAX_SG_ELEMENTS - 1;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->InterruptSynchronizationMode = InterruptSupportNone;

    return SP_RETURN_FOUND;
}

BOOLEAN
NvxHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;

    StorPortWriteRegisterUlong(ext, (PULONG)&ext->Regs->IntMaskClear, 0xFFFFFFFF);
    StorPortWriteRegisterUlong(ext, (PULONG)&ext->Regs->Config, 0x1);
    ext->NamespaceBlocks = 0x01000000;
    ext->Ready = TRUE;
    return TRUE;
}

BOOLEAN
NvxBuildIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PNVX_SRB_EXTENSION srbExt = (PNVX_SRB_EXTENSION)SrbGetMiniportContext(Srb);

    UNREFERENCED_PARAMETER(DeviceExtension);

    srbExt->CommandId = 0;
    srbExt->Flags = 0;
    return TRUE;
}

BOOLEAN
NvxStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;

    if (!ext->Ready) {
        SrbSetSrbStatus(Srb, SRB_STATUS_BUSY);
    } else {
        //
        // Command submission to the hardware queue lives in queue.c of the
        // full driver; this build completes everything immediately.
        //
        SrbSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
    }
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
NvxInterrupt(
    _In_ PVOID DeviceExtension
    )
{
    PNVX_DEVICE_EXTENSION ext = (PNVX_DEVICE_EXTENSION)DeviceExtension;
    ULONG status = StorPortReadRegisterUlong(ext, (PULONG)&ext->Regs->Status);

    if (status == 0) {
        return FALSE;
    }
    StorPortWriteRegisterUlong(ext, (PULONG)&ext->Regs->Status, status);
    return TRUE;
}

BOOLEAN
NvxResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
NvxAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
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
        ext->Ready = FALSE;
        StorPortWriteRegisterUlong(ext, (PULONG)&ext->Regs->IntMaskSet, 0xFFFFFFFF);
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        return NvxHwInitialize(DeviceExtension) ? ScsiAdapterControlSuccess
                                                : ScsiAdapterControlUnsuccessful;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
