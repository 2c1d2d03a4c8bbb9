/*
 * vdisk.c - DriverEntry and the HwXxx adapter callbacks.
 */
#include "vdisk.h"

DRIVER_INITIALIZE DriverEntry;

#define VdDbg(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

static ULONG
VdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;
    ULONG rc;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    RtlZeroMemory(adapter, sizeof(*adapter));
    rc = StorPortAllocatePool(DeviceExtension, VD_DISK_BYTES, VD_TAG, (PVOID *)&adapter->Storage);
    if (rc != STOR_STATUS_SUCCESS || adapter->Storage == NULL) {
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(adapter->Storage, VD_DISK_BYTES);
    adapter->Sectors = VD_SECTORS;

    ConfigInfo->VirtualDevice            = TRUE;
    ConfigInfo->NumberOfBuses            = 1;
    ConfigInfo->MaximumNumberOfTargets   = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength    = VD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks   = VD_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask            = 0;
    ConfigInfo->ScatterGather            = TRUE;
    ConfigInfo->CachesData               = FALSE;
    ConfigInfo->SynchronizationModel     = StorSynchronizeFullDuplex;
    ConfigInfo->MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->WmiDataProvider          = FALSE;

    return SP_RETURN_FOUND;
}

static BOOLEAN
VdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;

    adapter->Stopped = FALSE;
    return TRUE;
}

static BOOLEAN
VdHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
            Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        } else if (adapter->Stopped) {
            Srb->SrbStatus = SRB_STATUS_BUSY;
        } else {
            Srb->SrbStatus = VdExecuteScsi(adapter, Srb);
        }
        break;

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
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

static BOOLEAN
VdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(PathId);

    StorPortCompleteRequest(DeviceExtension, 0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
VdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;
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
        adapter->Stopped = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

static VOID
VdHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVD_ADAPTER adapter = (PVD_ADAPTER)DeviceExtension;

    if (adapter->Storage != NULL) {
        StorPortFreePool(DeviceExtension, adapter->Storage);
        adapter->Storage = NULL;
    }
}

static VOID
VdHwProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, Irp);
}

static VOID
VdHwCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG rc;

    VdDbg("VDisk: DriverEntry\n");

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwInitialize             = VdHwInitialize;
    hwInit.HwStartIo                = VdHwStartIo;
    hwInit.HwFindAdapter            = VdHwFindAdapter;
    hwInit.HwResetBus               = VdHwResetBus;
    hwInit.HwAdapterControl         = VdHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VdHwFreeAdapterResources;
    hwInit.HwProcessServiceRequest  = VdHwProcessServiceRequest;
    hwInit.HwCompleteServiceIrp     = VdHwCompleteServiceIrp;

    hwInit.DeviceExtensionSize      = sizeof(VD_ADAPTER);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;

    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.FeatureSupport           = STOR_FEATURE_VIRTUAL_MINIPORT;

    rc = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    VdDbg("VDisk: StorPortInitialize returned 0x%08lx\n", rc);

    return STATUS_SUCCESS;
}
