/*++

Module Name:

    driver.c

Abstract:

    DriverEntry, unload chaining and the adapter-level Hw* routines.

--*/
#include "vramdisk.h"

PVRD_DRIVER_INFO g_VrdDriverInfo = NULL;

static DRIVER_UNLOAD VrdDriverUnload;

static VOID
VrdReadParameters(
    _In_ PUNICODE_STRING RegistryPath,
    _Out_ PVRD_PARAMETERS Params
    )
{
    RTL_QUERY_REGISTRY_TABLE table[4];
    ULONG defaultSize = VRD_DEFAULT_MB;
    ULONG defaultReadOnly = 0;
    NTSTATUS status;

    Params->DiskSizeMB = defaultSize;
    Params->ReadOnly = defaultReadOnly;

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name = L"Parameters";

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"DiskSizeMB";
    table[1].EntryContext = &Params->DiskSizeMB;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &defaultSize;
    table[1].DefaultLength = sizeof(ULONG);

    table[2].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[2].Name = L"ReadOnly";
    table[2].EntryContext = &Params->ReadOnly;
    table[2].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[2].DefaultData = &defaultReadOnly;
    table[2].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    RegistryPath->Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (!NT_SUCCESS(status)) {
        Params->DiskSizeMB = defaultSize;
        Params->ReadOnly = defaultReadOnly;
    }

    if (Params->DiskSizeMB == 0 || Params->DiskSizeMB > VRD_MAX_MB) {
        Params->DiskSizeMB = defaultSize;
    }
}

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    PDRIVER_OBJECT driverObject = (PDRIVER_OBJECT)DriverObject;
    VIRTUAL_HW_INITIALIZATION_DATA hwInitData;
    PVRD_DRIVER_INFO info;
    ULONG status;

    info = (PVRD_DRIVER_INFO)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VRD_DRIVER_INFO), VRD_TAG);
    if (info == NULL) {
        return (ULONG)STATUS_INSUFFICIENT_RESOURCES;
    }

    info->DriverObject = driverObject;
    KeInitializeSpinLock(&info->AdapterListLock);
    InitializeListHead(&info->AdapterList);
    VrdReadParameters((PUNICODE_STRING)RegistryPath, &info->Params);
    g_VrdDriverInfo = info;

    RtlZeroMemory(&hwInitData, sizeof(VIRTUAL_HW_INITIALIZATION_DATA));

    hwInitData.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType     = Internal;

    hwInitData.HwInitialize             = VrdHwInitialize;
    hwInitData.HwStartIo                = VrdHwStartIo;
    hwInitData.HwFindAdapter            = VrdHwFindAdapter;
    hwInitData.HwResetBus               = VrdHwResetBus;
    hwInitData.HwAdapterControl         = VrdHwAdapterControl;
    hwInitData.HwFreeAdapterResources   = VrdHwFreeAdapterResources;
    hwInitData.HwProcessServiceRequest  = VrdHwProcessServiceRequest;
    hwInitData.HwCompleteServiceIrp     = VrdHwCompleteServiceIrp;

    hwInitData.DeviceExtensionSize      = sizeof(VRD_ADAPTER);
    hwInitData.SpecificLuExtensionSize  = 0;
    hwInitData.SrbExtensionSize         = 0;

    hwInitData.TaggedQueuing            = TRUE;
    hwInitData.AutoRequestSense         = TRUE;
    hwInitData.MultipleRequestPerLu     = TRUE;
    hwInitData.PortVersionFlags         = 0;

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInitData,
                                NULL);
    if (status != STATUS_SUCCESS) {
        g_VrdDriverInfo = NULL;
        ExFreePoolWithTag(info, VRD_TAG);
        return status;
    }

    /*
     * Storport installed its own unload routine; run ours first and then
     * hand over to it.
     */
    info->StorPortUnload = driverObject->DriverUnload;
    driverObject->DriverUnload = VrdDriverUnload;

    return status;
}

static VOID
VrdDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PVRD_DRIVER_INFO info = g_VrdDriverInfo;
    PDRIVER_UNLOAD chained = NULL;

    if (info != NULL) {
        chained = info->StorPortUnload;
        g_VrdDriverInfo = NULL;
        ExFreePoolWithTag(info, VRD_TAG);
    }

    if (chained != NULL) {
        chained(DriverObject);
    }
}

ULONG
VrdHwFindAdapter(
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
    PVRD_DRIVER_INFO info = g_VrdDriverInfo;
    KLOCK_QUEUE_HANDLE lock;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    RtlZeroMemory(adapter, sizeof(*adapter));
    adapter->StorageBytes = (ULONGLONG)info->Params.DiskSizeMB * 1024 * 1024;
    adapter->SectorCount = (ULONG)(adapter->StorageBytes / VRD_SECTOR_SIZE);
    adapter->ReadOnly = (info->Params.ReadOnly != 0);

    adapter->Storage = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               (SIZE_T)adapter->StorageBytes,
                                               VRD_TAG);
    if (adapter->Storage == NULL) {
        return SP_RETURN_ERROR;
    }

    ConfigInfo->VirtualDevice                 = TRUE;
    ConfigInfo->WmiDataProvider               = FALSE;
    ConfigInfo->MaximumTransferLength         = 1024 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks        = SP_UNINITIALIZED_VALUE;
    ConfigInfo->AlignmentMask                 = 0x3;
    ConfigInfo->NumberOfBuses                 = 1;
    ConfigInfo->MaximumNumberOfTargets        = VRD_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits   = VRD_MAX_LUNS;
    ConfigInfo->ScatterGather                 = TRUE;
    ConfigInfo->Master                        = TRUE;
    ConfigInfo->CachesData                    = FALSE;
    ConfigInfo->MapBuffers                    = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel          = StorSynchronizeFullDuplex;

    KeAcquireInStackQueuedSpinLock(&info->AdapterListLock, &lock);
    adapter->Index = info->AdapterCount++;
    InsertTailList(&info->AdapterList, &adapter->Link);
    KeReleaseInStackQueuedSpinLock(&lock);

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
VrdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VrdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);

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
    case ScsiRestartAdapter:
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
    PVRD_DRIVER_INFO info = g_VrdDriverInfo;
    KLOCK_QUEUE_HANDLE lock;

    if (info != NULL && adapter->Link.Flink != NULL) {
        KeAcquireInStackQueuedSpinLock(&info->AdapterListLock, &lock);
        RemoveEntryList(&adapter->Link);
        KeReleaseInStackQueuedSpinLock(&lock);
    }

    if (adapter->Storage != NULL) {
        ExFreePoolWithTag(adapter->Storage, VRD_TAG);
        adapter->Storage = NULL;
    }
}

VOID
VrdHwProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

VOID
VrdHwCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
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
        if (Srb->PathId != 0 || Srb->TargetId >= VRD_MAX_TARGETS || Srb->Lun >= VRD_MAX_LUNS) {
            srbStatus = SRB_STATUS_NO_DEVICE;
        } else {
            srbStatus = VrdExecuteScsi(adapter, Srb);
        }
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

    Srb->SrbStatus = srbStatus;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}
