#include "vramdisk.h"

ULONG
VrdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Again
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    ULONG status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Again);

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = VRD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = (VRD_MAX_TRANSFER / 0x1000) + 1;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;

    status = StorPortAllocatePool(adapter, VRD_DISK_BYTES, VRD_TAG, (PVOID*)&adapter->Disk);
    if (status != STOR_STATUS_SUCCESS || adapter->Disk == NULL) {
        StorPortDebugPrint(0, "vramdisk: no memory for %lu byte disk\n", VRD_DISK_BYTES);
        adapter->Disk = NULL;
        return SP_RETURN_ERROR;
    }

    RtlZeroMemory(adapter->Disk, VRD_DISK_BYTES);
    adapter->DiskBytes = VRD_DISK_BYTES;
    adapter->SectorCount = VRD_DISK_BYTES / VRD_SECTOR_SIZE;

    return SP_RETURN_FOUND;
}

BOOLEAN
VrdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;

    adapter->Ready = TRUE;
    return TRUE;
}

BOOLEAN
VrdHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (Srb->PathId != 0 || Srb->TargetId != 0) {
            srbStatus = SRB_STATUS_SELECTION_TIMEOUT;
        } else if (Srb->Lun != 0) {
            srbStatus = SRB_STATUS_INVALID_LUN;
        } else {
            srbStatus = VrdExecuteScsi(adapter, Srb);
        }
        break;

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_PNP:
    case SRB_FUNCTION_POWER:
        srbStatus = SRB_STATUS_SUCCESS;
        break;

    default:
        srbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
VrdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VrdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
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
        adapter->Ready = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Ready = TRUE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
VrdHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;

    if (adapter->Disk != NULL) {
        StorPortFreePool(adapter, adapter->Disk);
        adapter->Disk = NULL;
    }
}

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwInitialize = VrdHwInitialize;
    hwInit.HwStartIo = VrdHwStartIo;
    hwInit.HwFindAdapter = VrdHwFindAdapter;
    hwInit.HwResetBus = VrdHwResetBus;
    hwInit.HwAdapterControl = VrdHwAdapterControl;
    hwInit.HwFreeAdapterResources = VrdHwFreeAdapterResources;

    hwInit.DeviceExtensionSize = sizeof(VRD_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;

    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit,
                                NULL);
    if (status != STATUS_SUCCESS) {
        StorPortDebugPrint(0, "vramdisk: StorPortInitialize returned 0x%08X\n", status);
    }

    return STATUS_SUCCESS;
}
