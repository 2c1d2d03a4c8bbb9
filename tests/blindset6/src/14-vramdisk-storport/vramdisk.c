/*++
    vramdisk.c - Storport entry points.
--*/
#include "vramdisk.h"

ULONG
VrdFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    ULONG status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    adapter->DiskBytes = (ULONGLONG)VRD_DEFAULT_MB * 1024 * 1024;
    adapter->SectorCount = (ULONG)(adapter->DiskBytes / VRD_SECTOR_SIZE);

    status = StorPortAllocatePool(adapter, (ULONG)adapter->DiskBytes, VRD_TAG, (PVOID *)&adapter->Disk);
    if (status != STOR_STATUS_SUCCESS || adapter->Disk == NULL) {
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(adapter->Disk, (SIZE_T)adapter->DiskBytes);

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength = VRD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = VRD_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    ConfigInfo->WmiDataProvider = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    return SP_RETURN_FOUND;
}

BOOLEAN
VrdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VrdStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    if (adapter->Removed) {
        srbStatus = SRB_STATUS_NO_DEVICE;
    } else {
        switch (Srb->Function) {
        case SRB_FUNCTION_EXECUTE_SCSI:
            srbStatus = VrdExecuteScsi(adapter, Srb);
            break;
        case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        case SRB_FUNCTION_RESET_DEVICE:
        case SRB_FUNCTION_RESET_BUS:
        case SRB_FUNCTION_FLUSH:
        case SRB_FUNCTION_SHUTDOWN:
            srbStatus = SRB_STATUS_SUCCESS;
            break;
        case SRB_FUNCTION_PNP:
            srbStatus = SRB_STATUS_SUCCESS;
            break;
        default:
            srbStatus = SRB_STATUS_INVALID_REQUEST;
            break;
        }
    }

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
VrdResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VrdAdapterControl(
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
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        adapter->Removed = TRUE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
VrdFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;

    if (adapter->Disk != NULL) {
        StorPortFreePool(adapter, adapter->Disk);
        adapter->Disk = NULL;
    }
}

VOID
VrdProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

VOID
VrdCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    RtlZeroMemory(&hwInit, sizeof(hwInit));

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwInitialize = VrdHwInitialize;
    hwInit.HwStartIo = VrdStartIo;
    hwInit.HwFindAdapter = VrdFindAdapter;
    hwInit.HwResetBus = VrdResetBus;
    hwInit.HwAdapterControl = VrdAdapterControl;
    hwInit.HwFreeAdapterResources = VrdFreeAdapterResources;
    hwInit.HwProcessServiceRequest = VrdProcessServiceRequest;
    hwInit.HwCompleteServiceIrp = VrdCompleteServiceIrp;

    hwInit.DeviceExtensionSize = sizeof(VRD_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;

    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    return status;
}
