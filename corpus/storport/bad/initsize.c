/*
 * initsize.c - the xsas Storport miniport as a port of a ScsiPort driver left
 * it: the HW_INITIALIZATION_DATA on the stack is filled member by member but
 * never cleared, so the members it does not name (HwDmaStarted, the
 * extension sizes of later Storport versions) hold stack garbage; HwResetBus
 * was dropped with the ScsiPort bus-reset code; and DriverEntry logs a failed
 * StorPortInitialize but returns STOR_STATUS_SUCCESS.
 *
 * BUG (SPM001, SPM002, SPM003).
 */

#include <storport.h>      /* storport miniports must not include ntddk.h */

#define XSAS_MAX_TARGETS        128
#define XSAS_MAX_LUNS           8
#define XSAS_MAX_TRANSFER       (1024 * 1024)
#define XSAS_MAX_SG_ELEMENTS    257

typedef struct _XSAS_ADAPTER {
    PVOID  Bar1;
    ULONG  Bar1Length;
    ULONG  OutstandingRequests;
    BOOLEAN Started;
} XSAS_ADAPTER, *PXSAS_ADAPTER;

typedef struct _XSAS_SRB_EXTENSION {
    ULONG  Tag;
    UCHAR  CommandFrame[128];
} XSAS_SRB_EXTENSION, *PXSAS_SRB_EXTENSION;

sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER     XsasFindAdapter;
HW_INITIALIZE       XsasHwInitialize;
HW_BUILDIO          XsasBuildIo;
HW_STARTIO          XsasStartIo;
HW_INTERRUPT        XsasInterrupt;
HW_RESET_BUS        XsasResetBus;
HW_ADAPTER_CONTROL  XsasAdapterControl;

ULONG
DriverEntry(                                                // expect-entry: storport-miniport
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    HW_INITIALIZATION_DATA hwInitData;
    ULONG status;

    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);

    hwInitData.HwFindAdapter    = XsasFindAdapter;
    hwInitData.HwInitialize     = XsasHwInitialize;
    hwInitData.HwBuildIo        = XsasBuildIo;
    hwInitData.HwStartIo        = XsasStartIo;
    hwInitData.HwInterrupt      = XsasInterrupt;
    hwInitData.HwAdapterControl = XsasAdapterControl;

    hwInitData.AdapterInterfaceType    = PCIBus;
    hwInitData.DeviceExtensionSize     = sizeof(XSAS_ADAPTER);
    hwInitData.SrbExtensionSize        = sizeof(XSAS_SRB_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.NumberOfAccessRanges    = 2;

    /* Storport requires these for a bus-master adapter. */
    hwInitData.MapBuffers            = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.TaggedQueuing         = TRUE;
    hwInitData.AutoRequestSense      = TRUE;
    hwInitData.MultipleRequestPerLu  = TRUE;

    status = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL); // expect: SPM001, SPM002
    if (status != STOR_STATUS_SUCCESS) {
        StorPortDebugPrint(0, "xsas: StorPortInitialize failed 0x%x\n", status);
    }
    return STOR_STATUS_SUCCESS;                                 // expect: SPM003
}

ULONG
XsasFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _In_ PBOOLEAN Reserved3
    )
{
    PXSAS_ADAPTER adapter = (PXSAS_ADAPTER)DeviceExtension;
    PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[1];

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);

    if (range->RangeLength == 0) {
        return SP_RETURN_NOT_FOUND;
    }

    adapter->Bar1 = StorPortGetDeviceBase(DeviceExtension, ConfigInfo->AdapterInterfaceType,
                                          ConfigInfo->SystemIoBusNumber, range->RangeStart,
                                          range->RangeLength, (BOOLEAN)!range->RangeInMemory);
    if (adapter->Bar1 == NULL) {
        return SP_RETURN_ERROR;
    }
    adapter->Bar1Length = range->RangeLength;

    ConfigInfo->MaximumTransferLength  = XSAS_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = XSAS_MAX_SG_ELEMENTS - 1;
    ConfigInfo->NumberOfBuses          = 1;
    ConfigInfo->MaximumNumberOfTargets = XSAS_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = XSAS_MAX_LUNS;
    ConfigInfo->ScatterGather          = TRUE;
    ConfigInfo->Master                 = TRUE;
    ConfigInfo->Dma64BitAddresses      = SCSI_DMA64_MINIPORT_SUPPORTED;
    ConfigInfo->SynchronizationModel   = StorSynchronizeFullDuplex;

    return SP_RETURN_FOUND;
}

BOOLEAN
XsasHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PXSAS_ADAPTER adapter = (PXSAS_ADAPTER)DeviceExtension;

    adapter->OutstandingRequests = 0;
    adapter->Started = TRUE;
    return TRUE;
}

BOOLEAN
XsasBuildIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);

    /* Frame building (no lock held) elided; accept everything here. */
    RtlZeroMemory(Srb->SrbExtension, sizeof(XSAS_SRB_EXTENSION));
    return TRUE;
}

BOOLEAN
XsasStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
XsasInterrupt(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

BOOLEAN
XsasResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
XsasAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    PXSAS_ADAPTER adapter = (PXSAS_ADAPTER)DeviceExtension;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        adapter->Started = FALSE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Started = TRUE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
