/*
 * vglobals.c (bad) - as storport/vglobals.c, but when StorPortInitialize
 * fails its status is returned with the driver-wide table still allocated:
 * the pool block outlives the driver that failed to load.
 */

#include <storport.h>

#define ND_TAG 'sDtN'

typedef struct _ND_GLOBALS {
    LIST_ENTRY Targets;
    KSPIN_LOCK TargetsLock;
    ULONG      AdapterCount;
} ND_GLOBALS, *PND_GLOBALS;

typedef struct _ND_ADAPTER {
    ULONG Index;
} ND_ADAPTER, *PND_ADAPTER;

static PND_GLOBALS NdGlobals;

sp_DRIVER_INITIALIZE DriverEntry;
VIRTUAL_HW_FIND_ADAPTER NdFindAdapter;
HW_INITIALIZE NdHwInitialize;
HW_STARTIO NdStartIo;
HW_RESET_BUS NdResetBus;
HW_ADAPTER_CONTROL NdAdapterControl;

ULONG
DriverEntry(                                                // expect-entry: storport-miniport
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    ULONG status;

    NdGlobals = (PND_GLOBALS)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(ND_GLOBALS), ND_TAG);
    if (NdGlobals == NULL)
        return (ULONG)STATUS_INSUFFICIENT_RESOURCES;
    InitializeListHead(&NdGlobals->Targets);
    KeInitializeSpinLock(&NdGlobals->TargetsLock);
    NdGlobals->AdapterCount = 0;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.HwFindAdapter = NdFindAdapter;
    init.HwInitialize = NdHwInitialize;
    init.HwStartIo = NdStartIo;
    init.HwResetBus = NdResetBus;
    init.HwAdapterControl = NdAdapterControl;
    init.DeviceExtensionSize = sizeof(ND_ADAPTER);
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;

    status = StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
    if (status != STATUS_SUCCESS) {
        DbgPrint("netdisk: StorPortInitialize failed %08x\n", status);
        return status;                                      // expect: DE006
    }
    return status;
}

ULONG
NdFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PND_ADAPTER adapter = (PND_ADAPTER)DeviceExtension;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    adapter->Index = NdGlobals->AdapterCount++;
    ConfigInfo->MaximumTransferLength = 128 * 1024;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 8;
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN
NdHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
NdStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN
NdResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
NdAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        list->SupportedTypeList[ScsiStopAdapter] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}
