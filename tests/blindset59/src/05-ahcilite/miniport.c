/*
 * miniport.c - Storport entry points for ahcilite
 */
#include "ahcilite.h"

AHCI_GLOBALS g_AhciGlobals;

sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER      AhciHwFindAdapter;
HW_INITIALIZE        AhciHwInitialize;
HW_STARTIO           AhciHwStartIo;
HW_INTERRUPT         AhciHwInterrupt;
HW_RESET_BUS         AhciHwResetBus;
HW_ADAPTER_CONTROL   AhciHwAdapterControl;
HW_BUILDIO           AhciHwBuildIo;

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    AHCI_DBG("ahcilite: DriverEntry\n");

    memset(&g_AhciGlobals, 0, sizeof(g_AhciGlobals));
    g_AhciGlobals.MaxPorts = AHCI_MAX_PORTS;

    hwInit.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = PCIBus;

    hwInit.HwFindAdapter    = AhciHwFindAdapter;
    hwInit.HwInitialize     = AhciHwInitialize;
    hwInit.HwStartIo        = AhciHwStartIo;
    hwInit.HwInterrupt      = AhciHwInterrupt;
    hwInit.HwResetBus       = AhciHwResetBus;
    hwInit.HwAdapterControl = AhciHwAdapterControl;
    hwInit.HwBuildIo        = AhciHwBuildIo;

    hwInit.DeviceExtensionSize     = sizeof(AHCI_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize        = 0;
    hwInit.NumberOfAccessRanges    = 6;

    hwInit.MapBuffers            = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInit.NeedPhysicalAddresses = TRUE;
    hwInit.TaggedQueuing         = TRUE;
    hwInit.AutoRequestSense      = TRUE;
    hwInit.MultipleRequestPerLu  = TRUE;

    status = StorPortInitialize(DriverObject, RegistryPath, &hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        AHCI_DBG("ahcilite: StorPortInitialize failed 0x%08X\n", status);
    }

    /* the port driver owns the driver object from here on; a failure
       above only means no adapter will be started */
    return STATUS_SUCCESS;
}

ULONG
AhciHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Reserved3
    )
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;
    PACCESS_RANGE abar;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Reserved3 = FALSE;

    if (ConfigInfo->NumberOfAccessRanges <= AHCI_ABAR_INDEX) {
        return SP_RETURN_NOT_FOUND;
    }

    abar = &((*(ConfigInfo->AccessRanges))[AHCI_ABAR_INDEX]);
    if (abar->RangeLength < AHCI_ABAR_MIN_LENGTH || !abar->RangeInMemory) {
        return SP_RETURN_BAD_CONFIG;
    }

    adapter->Abar = (PUCHAR)StorPortGetDeviceBase(DeviceExtension,
                                                  ConfigInfo->AdapterInterfaceType,
                                                  ConfigInfo->SystemIoBusNumber,
                                                  abar->RangeStart,
                                                  abar->RangeLength,
                                                  FALSE);
    if (adapter->Abar == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->AbarLength = abar->RangeLength;

    adapter->Cap = AhciRead(adapter, AHCI_REG_CAP);
    adapter->PortsImplemented = AhciRead(adapter, AHCI_REG_PI);
    adapter->Version.AsUlong = AhciRead(adapter, AHCI_REG_VS);
    adapter->PortCount = (adapter->Cap & AHCI_CAP_NP_MASK) + 1;
    adapter->Is64Bit = (adapter->Cap & AHCI_CAP_S64A) ? TRUE : FALSE;

    if (adapter->PortCount > g_AhciGlobals.MaxPorts) {
        adapter->PortCount = g_AhciGlobals.MaxPorts;
    }

    ConfigInfo->MaximumTransferLength   = 128 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks  = 33;
    ConfigInfo->AlignmentMask           = 1;
    ConfigInfo->ScatterGather           = TRUE;
    ConfigInfo->Master                  = TRUE;
    ConfigInfo->CachesData              = FALSE;
    ConfigInfo->NumberOfBuses           = 1;
    ConfigInfo->MaximumNumberOfTargets  = (UCHAR)adapter->PortCount;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->SynchronizationModel    = StorSynchronizeFullDuplex;
    if (adapter->Is64Bit) {
        ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED;
    }

    g_AhciGlobals.AdapterCount++;
    AHCI_DBG("ahcilite: AHCI %u.%u, %u ports (PI %08X)\n",
             adapter->Version.Major, adapter->Version.Minor,
             adapter->PortCount, adapter->PortsImplemented);

    return SP_RETURN_FOUND;
}

BOOLEAN
AhciHwInitialize(_In_ PVOID DeviceExtension)
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;

    if (!AhciResetController(adapter)) {
        return FALSE;
    }
    AhciEnable(adapter, TRUE);
    adapter->Started = TRUE;
    return TRUE;
}

BOOLEAN
AhciHwBuildIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN
AhciHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    switch (Srb->Function) {
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_EXECUTE_SCSI:
        /* no command engine yet: report nothing attached */
        Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
        break;

    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
AhciHwInterrupt(_In_ PVOID DeviceExtension)
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;
    ULONG is;

    if (!adapter->Started) {
        return FALSE;
    }
    is = AhciRead(adapter, AHCI_REG_IS);
    if (is == 0) {
        return FALSE;
    }
    AhciWrite(adapter, AHCI_REG_IS, is);
    return TRUE;
}

BOOLEAN
AhciHwResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED,
                            SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
AhciHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PAHCI_ADAPTER adapter = (PAHCI_ADAPTER)DeviceExtension;
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
        AhciEnable(adapter, FALSE);
        adapter->Started = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        if (!AhciResetController(adapter)) {
            return ScsiAdapterControlUnsuccessful;
        }
        AhciEnable(adapter, TRUE);
        adapter->Started = TRUE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
