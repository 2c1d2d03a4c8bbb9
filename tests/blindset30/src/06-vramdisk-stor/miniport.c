/*
 * miniport.c - DriverEntry and the HwStorXxx entry points
 */
#include "vramdisk.h"

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    RD_LOG("DriverEntry");

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    /* required entry points */
    hwInit.HwInitialize             = RdHwInitialize;
    hwInit.HwStartIo                = RdHwStartIo;
    hwInit.HwFindAdapter            = RdHwFindAdapter;
    hwInit.HwResetBus               = RdHwResetBus;
    hwInit.HwAdapterControl         = RdHwAdapterControl;
    hwInit.HwFreeAdapterResources   = RdHwFreeAdapterResources;

    /* sizes */
    hwInit.DeviceExtensionSize      = sizeof(RD_ADAPTER);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;

    /* we touch every buffer with the CPU */
    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit,
                                NULL);
    if (status != STATUS_SUCCESS) {
        RD_LOG("StorPortInitialize failed 0x%08X", status);
    }

    return STATUS_SUCCESS;
}

ULONG
RdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    ULONG status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    adapter->ImageBytes  = RD_DISK_MB * 1024 * 1024;
    adapter->SectorCount = adapter->ImageBytes / RD_SECTOR_SIZE;

    status = StorPortAllocatePool(adapter, adapter->ImageBytes, RD_TAG, (PVOID *)&adapter->Image);
    if (status != STOR_STATUS_SUCCESS || adapter->Image == NULL) {
        RD_LOG("can't allocate %u bytes (0x%x)", adapter->ImageBytes, status);
        adapter->Image = NULL;
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(adapter->Image, adapter->ImageBytes);

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength       = 128 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks      = 33;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;
    ConfigInfo->WmiDataProvider             = FALSE;

    RD_LOG("adapter found, %u sectors", adapter->SectorCount);
    return SP_RETURN_FOUND;
}

BOOLEAN
RdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;

    adapter->Stopped = FALSE;
    return TRUE;
}

BOOLEAN
RdHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    switch (Srb->Function) {

    case SRB_FUNCTION_EXECUTE_SCSI:
        if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
            srbStatus = SRB_STATUS_NO_DEVICE;
        } else if (adapter->Stopped) {
            srbStatus = SRB_STATUS_BUSY;
        } else {
            srbStatus = RdExecuteScsi(adapter, Srb);
        }
        break;

    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
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
RdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);

    /* nothing in flight, every request completes synchronously */
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
RdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
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
        adapter->Stopped = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
RdHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;

    if (adapter->Image != NULL) {
        StorPortFreePool(adapter, adapter->Image);
        adapter->Image = NULL;
    }
}
