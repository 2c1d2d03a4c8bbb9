/*
 * vstor.sys - Storport virtual miniport that exposes one LUN backed by
 * nonpaged memory. Hobby project to learn SRB handling.
 */
#include <ntddk.h>
#include <storport.h>

#define VSTOR_TAG       'rtSV'
#define VSTOR_MAX_LUNS  1

typedef struct _VSTOR_GLOBALS {
    LIST_ENTRY AdapterList;
    KSPIN_LOCK AdapterListLock;
    ULONG      AdapterCount;
} VSTOR_GLOBALS, *PVSTOR_GLOBALS;

typedef struct _VSTOR_HBA_EXTENSION {
    LIST_ENTRY Link;
    PVOID      DiskImage;
    ULONG      BlockCount;
} VSTOR_HBA_EXTENSION, *PVSTOR_HBA_EXTENSION;

PVSTOR_GLOBALS g_VStor = NULL;
PDRIVER_UNLOAD g_StorPortUnload = NULL;

sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER VStorFindAdapter;
HW_INITIALIZE VStorHwInitialize;
HW_STARTIO VStorStartIo;
HW_RESET_BUS VStorResetBus;
HW_ADAPTER_CONTROL VStorAdapterControl;
HW_FREE_ADAPTER_RESOURCES VStorFreeAdapterResources;
DRIVER_UNLOAD VStorDriverUnload;

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    g_VStor = (PVSTOR_GLOBALS)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(VSTOR_GLOBALS), VSTOR_TAG);
    if (g_VStor == NULL) {
        return (ULONG)STATUS_INSUFFICIENT_RESOURCES;
    }
    InitializeListHead(&g_VStor->AdapterList);
    KeInitializeSpinLock(&g_VStor->AdapterListLock);

    RtlZeroMemory(&hwInit, sizeof(hwInit));
    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;
    hwInit.DeviceExtensionSize = sizeof(VSTOR_HBA_EXTENSION);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;
    hwInit.NumberOfAccessRanges = 1;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;

    hwInit.HwFindAdapter = VStorFindAdapter;
    hwInit.HwInitialize = VStorHwInitialize;
    hwInit.HwStartIo = VStorStartIo;
    hwInit.HwResetBus = VStorResetBus;
    hwInit.HwAdapterControl = VStorAdapterControl;
    hwInit.HwFreeAdapterResources = VStorFreeAdapterResources;

    status = StorPortInitialize(DriverObject, RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit, NULL);
    if (status != STATUS_SUCCESS) {
        DbgPrint("vstor: StorPortInitialize failed 0x%08X\n", status);
        return status;
    }

    // Chain Storport's unload routine so that the globals go away with the driver.
    g_StorPortUnload = ((PDRIVER_OBJECT)DriverObject)->DriverUnload;
    ((PDRIVER_OBJECT)DriverObject)->DriverUnload = VStorDriverUnload;
    return status;
}

VOID
VStorDriverUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    if (g_StorPortUnload != NULL) {
        g_StorPortUnload(DriverObject);
    }
    if (g_VStor != NULL) {
        ExFreePoolWithTag(g_VStor, VSTOR_TAG);
        g_VStor = NULL;
    }
}

ULONG
VStorFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVSTOR_HBA_EXTENSION hba = (PVSTOR_HBA_EXTENSION)DeviceExtension;
    KLOCK_QUEUE_HANDLE lq;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    hba->BlockCount = 2048;
    hba->DiskImage = ExAllocatePool2(POOL_FLAG_NON_PAGED, hba->BlockCount * 512, VSTOR_TAG);
    if (hba->DiskImage == NULL) {
        return SP_RETURN_ERROR;
    }

    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = VSTOR_MAX_LUNS;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice = TRUE;

    KeAcquireInStackQueuedSpinLock(&g_VStor->AdapterListLock, &lq);
    InsertTailList(&g_VStor->AdapterList, &hba->Link);
    g_VStor->AdapterCount++;
    KeReleaseInStackQueuedSpinLock(&lq);

    *Again = FALSE;
    return SP_RETURN_FOUND;
}

BOOLEAN VStorHwInitialize(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN VStorResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

BOOLEAN VStorStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    // A real driver would decode the CDB here; the toy fails everything but INQUIRY-less probes.
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VStorAdapterControl(_In_ PVOID DeviceExtension, _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType, _In_ PVOID Parameters)
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}

VOID VStorFreeAdapterResources(_In_ PVOID DeviceExtension)
{
    PVSTOR_HBA_EXTENSION hba = (PVSTOR_HBA_EXTENSION)DeviceExtension;
    KLOCK_QUEUE_HANDLE lq;

    KeAcquireInStackQueuedSpinLock(&g_VStor->AdapterListLock, &lq);
    RemoveEntryList(&hba->Link);
    g_VStor->AdapterCount--;
    KeReleaseInStackQueuedSpinLock(&lq);

    if (hba->DiskImage != NULL) {
        ExFreePoolWithTag(hba->DiskImage, VSTOR_TAG);
        hba->DiskImage = NULL;
    }
}
