/*
 * vstor.c - DriverEntry, unload chaining and the Storport HW callbacks
 */
#include "vstor.h"

PVS_GLOBALS g_VsGlobals = NULL;

sp_DRIVER_INITIALIZE        DriverEntry;
DRIVER_UNLOAD               VsUnload;
VIRTUAL_HW_FIND_ADAPTER     VsHwFindAdapter;
HW_INITIALIZE               VsHwInitialize;
HW_STARTIO                  VsHwStartIo;
HW_RESET_BUS                VsHwResetBus;
HW_ADAPTER_CONTROL          VsHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VsHwFreeAdapterResources;

ULONG
DriverEntry(_In_ PVOID DriverObject, _In_ PVOID RegistryPath)
{
    PDRIVER_OBJECT driver = (PDRIVER_OBJECT)DriverObject;
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    VsLog("DriverEntry");

    g_VsGlobals = (PVS_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VS_GLOBALS), VS_TAG);
    if (g_VsGlobals == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwInitialize             = VsHwInitialize;
    hwInit.HwStartIo                = VsHwStartIo;
    hwInit.HwFindAdapter            = VsHwFindAdapter;
    hwInit.HwResetBus               = VsHwResetBus;
    hwInit.HwAdapterControl         = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VsHwFreeAdapterResources;

    hwInit.DeviceExtensionSize      = sizeof(VS_ADAPTER);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = 0;

    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        VsLog("StorPortInitialize 0x%08X", status);
        ExFreePoolWithTag(g_VsGlobals, VS_TAG);
        g_VsGlobals = NULL;
        return status;
    }

    /* Storport set DriverUnload during StorPortInitialize; run ours on
       top of it so the globals go away after the port driver is done */
    g_VsGlobals->PortUnload = driver->DriverUnload;
    driver->DriverUnload = VsUnload;

    return status;
}

VOID
VsUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    PDRIVER_UNLOAD portUnload = g_VsGlobals->PortUnload;

    VsLog("unload");

    if (portUnload != NULL) {
        portUnload(DriverObject);
    }

    ExFreePoolWithTag(g_VsGlobals, VS_TAG);
    g_VsGlobals = NULL;
}

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
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    adapter->Disk = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, VS_DISK_BYTES, VS_TAG);
    if (adapter->Disk == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->Blocks = VS_DISK_BLOCKS;

    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength       = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks      = 17;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->WmiDataProvider             = FALSE;

    InterlockedIncrement(&g_VsGlobals->AdapterCount);
    return SP_RETURN_FOUND;
}

VOID
VsHwFreeAdapterResources(_In_ PVOID DeviceExtension)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    adapter->Ready = FALSE;
    if (adapter->Disk != NULL) {
        ExFreePoolWithTag(adapter->Disk, VS_TAG);
        adapter->Disk = NULL;
        InterlockedDecrement(&g_VsGlobals->AdapterCount);
    }
}

BOOLEAN
VsHwInitialize(_In_ PVOID DeviceExtension)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    adapter->Ready = TRUE;
    return TRUE;
}

BOOLEAN
VsHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = VsExecuteScsi(adapter, Srb);
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

BOOLEAN
VsHwResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    /* every request completes inline, nothing is ever outstanding */
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VsHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
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
