/*
 * dualbus.c - a Storport miniport for a controller sold on PCI and on an
 * internal (ISA-style) bus. DriverEntry calls StorPortInitialize once per
 * adapter interface type, as the StorPortInitialize page describes... but the
 * early return's test is inverted: it returns STATUS_SUCCESS when the PCI
 * registration failed (SPM003).
 */

#include <storport.h>      /* storport miniports must not include ntddk.h */

typedef struct _DB_ADAPTER {
    ULONG Ports;
} DB_ADAPTER, *PDB_ADAPTER;

sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER     DbFindAdapter;
HW_INITIALIZE       DbHwInitialize;
HW_STARTIO          DbStartIo;
HW_RESET_BUS        DbResetBus;
HW_ADAPTER_CONTROL  DbAdapterControl;

ULONG
DriverEntry(                                                // expect-entry: storport-miniport
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInitData;
    ULONG pciStatus;
    ULONG busStatus;

    RtlZeroMemory(&hwInitData, sizeof(HW_INITIALIZATION_DATA));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.HwFindAdapter    = DbFindAdapter;
    hwInitData.HwInitialize     = DbHwInitialize;
    hwInitData.HwStartIo        = DbStartIo;
    hwInitData.HwResetBus       = DbResetBus;
    hwInitData.HwAdapterControl = DbAdapterControl;
    hwInitData.DeviceExtensionSize = sizeof(DB_ADAPTER);
    hwInitData.NumberOfAccessRanges = 1;
    hwInitData.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NeedPhysicalAddresses = TRUE;

    hwInitData.AdapterInterfaceType = PCIBus;
    pciStatus = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
    if (pciStatus != STOR_STATUS_SUCCESS) {
        return STATUS_SUCCESS;                              // expect: SPM003
    }

    hwInitData.AdapterInterfaceType = Internal;
    busStatus = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
    return (pciStatus < busStatus) ? pciStatus : busStatus;
}

ULONG
DbFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Reserved3
    )
{
    PDB_ADAPTER adapter = (PDB_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);
    adapter->Ports = 1;
    ConfigInfo->MaximumTransferLength = 0x10000;
    return SP_RETURN_FOUND;
}

BOOLEAN
DbHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
DbStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
DbResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
DbAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
    }
    return ScsiAdapterControlSuccess;
}
