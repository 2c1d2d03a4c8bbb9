/*
 * vramdisk.c - virtual Storport miniport that exposes RAM-backed disks
 * created on request of a user-mode service (IOCTLs through
 * HwProcessServiceRequest). A virtual miniport fills the larger
 * VIRTUAL_HW_INITIALIZATION_DATA, sizes it as that structure, and passes it
 * to StorPortInitialize cast to the pointer type the prototype names.
 */

#include <storport.h>      /* storport miniports must not include ntddk.h */

#define VRD_MAX_DISKS           16
#define VRD_TAG                 'dRrV'

typedef struct _VRD_ADAPTER {
    ULONG  DiskCount;
    PVOID  Disks[VRD_MAX_DISKS];
    BOOLEAN Removing;
} VRD_ADAPTER, *PVRD_ADAPTER;

typedef struct _VRD_SRB_EXTENSION {
    ULONG  Sequence;
} VRD_SRB_EXTENSION;

sp_DRIVER_INITIALIZE DriverEntry;

static ULONG VrdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                            PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
static BOOLEAN VrdHwInitialize(PVOID DeviceExtension);
static BOOLEAN VrdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN VrdResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS VrdAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                     PVOID Parameters);
static VOID VrdFreeAdapterResources(PVOID DeviceExtension);
static VOID VrdProcessServiceRequest(PVOID DeviceExtension, PVOID Irp);
static VOID VrdCompleteServiceIrp(PVOID DeviceExtension);

ULONG
DriverEntry(                                                // expect-entry: storport-miniport
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA initData = { 0 };

    initData.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    initData.AdapterInterfaceType     = Internal;

    initData.HwFindAdapter            = VrdFindAdapter;
    initData.HwInitialize             = VrdHwInitialize;
    initData.HwStartIo                = VrdStartIo;
    initData.HwResetBus               = VrdResetBus;
    initData.HwAdapterControl         = VrdAdapterControl;
    initData.HwFreeAdapterResources   = VrdFreeAdapterResources;
    initData.HwProcessServiceRequest  = VrdProcessServiceRequest;
    initData.HwCompleteServiceIrp     = VrdCompleteServiceIrp;

    initData.DeviceExtensionSize      = sizeof(VRD_ADAPTER);
    initData.SrbExtensionSize         = sizeof(VRD_SRB_EXTENSION);
    initData.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    initData.TaggedQueuing            = TRUE;
    initData.AutoRequestSense         = TRUE;
    initData.MultipleRequestPerLu     = TRUE;

    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&initData, NULL);
}

static ULONG
VrdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    adapter->DiskCount = 0;
    adapter->Removing = FALSE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = VRD_MAX_DISKS;
    ConfigInfo->ScatterGather = TRUE;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

static BOOLEAN
VrdHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static BOOLEAN
VrdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN
VrdResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS
VrdAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType != ScsiQuerySupportedControlTypes)
        return ScsiAdapterControlSuccess;
    list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
    list->SupportedTypeList[ScsiStopAdapter] = TRUE;
    return ScsiAdapterControlSuccess;
}

static VOID
VrdFreeAdapterResources(PVOID DeviceExtension)
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    adapter->Removing = TRUE;
}

static VOID
VrdProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    StorPortCompleteServiceIrp(DeviceExtension, Irp);
}

static VOID
VrdCompleteServiceIrp(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
