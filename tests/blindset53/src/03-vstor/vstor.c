/*
 * vstor.c - entry points of the vstor virtual miniport
 */
#include "vstor.h"

PVS_DRIVER_INFO g_VsDrv = NULL;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     VsDriverUnload;

VIRTUAL_HW_FIND_ADAPTER     VsHwFindAdapter;
HW_INITIALIZE               VsHwInitialize;
HW_RESET_BUS                VsHwResetBus;
HW_ADAPTER_CONTROL          VsHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VsHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VsHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VsHwCompleteServiceIrp;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    VS_DBG("DriverEntry %p", DriverObject);

    g_VsDrv = (PVS_DRIVER_INFO)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VS_DRIVER_INFO), VS_TAG);
    if (g_VsDrv == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    g_VsDrv->DriverObject = DriverObject;
    KeInitializeSpinLock(&g_VsDrv->AdapterLock);
    InitializeListHead(&g_VsDrv->AdapterList);

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwInitialize             = VsHwInitialize;
    hwInit.HwStartIo                = VsHwStartIo;
    hwInit.HwFindAdapter            = VsHwFindAdapter;
    hwInit.HwResetBus               = VsHwResetBus;
    hwInit.HwAdapterControl         = VsHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VsHwFreeAdapterResources;
    hwInit.HwProcessServiceRequest  = VsHwProcessServiceRequest;
    hwInit.HwCompleteServiceIrp     = VsHwCompleteServiceIrp;

    hwInit.DeviceExtensionSize      = sizeof(VS_ADAPTER);
    hwInit.SpecificLuExtensionSize  = sizeof(VS_LU_EXT);
    hwInit.SrbExtensionSize         = 0;

    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        VS_ERR("StorPortInitialize 0x%08X", status);
        return (NTSTATUS)status;
    }

    /* storport owns DriverUnload now; slot ours in front of it */
    g_VsDrv->PortUnload = DriverObject->DriverUnload;
    DriverObject->DriverUnload = VsDriverUnload;

    return STATUS_SUCCESS;
}

VOID
VsDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    VS_DBG("unload");

    if (g_VsDrv != NULL && g_VsDrv->PortUnload != NULL) {
        g_VsDrv->PortUnload(DriverObject);
    }
    if (g_VsDrv != NULL) {
        ExFreePoolWithTag(g_VsDrv, VS_TAG);
        g_VsDrv = NULL;
    }
}

ULONG
VsHwFindAdapter(
    _In_    PVOID DeviceExtension,
    _In_    PVOID HwContext,
    _In_    PVOID BusInformation,
    _In_    PVOID LowerDevice,
    _In_    PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_   PBOOLEAN Again
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE lq;
    ULONG i, rc;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;
    InitializeListHead(&adapter->Link);

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = VS_MAX_LUNS;
    ConfigInfo->MaximumTransferLength       = VS_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks      = (VS_MAX_TRANSFER / PAGE_SIZE) + 1;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;

    adapter->LunBlocks = VS_LUN_SIZE / VS_BLOCK_SIZE;

    for (i = 0; i < VS_MAX_LUNS; i++) {
        rc = StorPortAllocatePool(DeviceExtension, VS_LUN_SIZE, VS_TAG, (PVOID *)&adapter->LunImage[i]);
        if (rc != STOR_STATUS_SUCCESS || adapter->LunImage[i] == NULL) {
            VS_ERR("LUN %lu image allocation failed 0x%x", i, rc);
            while (i-- > 0) {
                StorPortFreePool(DeviceExtension, adapter->LunImage[i]);
                adapter->LunImage[i] = NULL;
            }
            return SP_RETURN_ERROR;
        }
        RtlZeroMemory(adapter->LunImage[i], VS_LUN_SIZE);
    }

    KeAcquireInStackQueuedSpinLock(&g_VsDrv->AdapterLock, &lq);
    adapter->Index = g_VsDrv->AdapterCount++;
    InsertTailList(&g_VsDrv->AdapterList, &adapter->Link);
    KeReleaseInStackQueuedSpinLock(&lq);

    VS_DBG("adapter %lu found, %lu LUNs of %lu blocks", adapter->Index, VS_MAX_LUNS, adapter->LunBlocks);
    return SP_RETURN_FOUND;
}

BOOLEAN
VsHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;

    adapter->Stopped = FALSE;
    return TRUE;
}

BOOLEAN
VsHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    /* nothing is ever outstanding */
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
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        break;

    case ScsiStopAdapter:
        adapter->Stopped = TRUE;
        break;

    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        break;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
    return ScsiAdapterControlSuccess;
}

VOID
VsHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    KLOCK_QUEUE_HANDLE lq;
    ULONG i;

    KeAcquireInStackQueuedSpinLock(&g_VsDrv->AdapterLock, &lq);
    RemoveEntryList(&adapter->Link);
    KeReleaseInStackQueuedSpinLock(&lq);

    for (i = 0; i < VS_MAX_LUNS; i++) {
        if (adapter->LunImage[i] != NULL) {
            ExFreePoolWithTag(adapter->LunImage[i], VS_TAG);
            adapter->LunImage[i] = NULL;
        }
    }
    VS_DBG("adapter %lu resources released", adapter->Index);
}

VOID
VsHwProcessServiceRequest(
    _In_ PVOID DeviceExtension,
    _In_ PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    /* no service channel yet */
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
}

VOID
VsHwCompleteServiceIrp(
    _In_ PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
