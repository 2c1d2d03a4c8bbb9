/*
 * driver.c - vramdisk entry point and Storport callbacks.
 *
 * A virtual miniport: Storport owns the driver object (dispatch table,
 * unload), we only hand it a VIRTUAL_HW_INITIALIZATION_DATA.  All
 * per-adapter memory is allocated in HwFindAdapter and released in
 * HwFreeAdapterResources, so DriverEntry itself owns nothing.
 */
#include "vramdisk.h"

VRD_GLOBAL_CONFIG VrdConfig;

DRIVER_INITIALIZE DriverEntry;

static VIRTUAL_HW_FIND_ADAPTER     VrdHwFindAdapter;
static HW_INITIALIZE               VrdHwInitialize;
static HW_STARTIO                  VrdHwStartIo;
static HW_RESET_BUS                VrdHwResetBus;
static HW_ADAPTER_CONTROL          VrdHwAdapterControl;
static HW_FREE_ADAPTER_RESOURCES   VrdHwFreeAdapterResources;
static HW_PROCESS_SERVICE_REQUEST  VrdHwProcessServiceRequest;
static HW_COMPLETE_SERVICE_IRP     VrdHwCompleteServiceIrp;

#define VRD_ADAPTER_SIGNATURE 'tpdA'

static volatile LONG VrdAdapterCount;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    NTSTATUS configStatus;
    ULONG status;

    VrdConfigSetDefaults(&VrdConfig);

    configStatus = VrdConfigLoad(RegistryPath, &VrdConfig);
    if (!NT_SUCCESS(configStatus)) {
        /* no Parameters key is the normal case on a fresh install */
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL,
                   "vramdisk: using defaults (0x%08X)\n", configStatus);
    }

    RtlZeroMemory(&hwInit, sizeof(hwInit));

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType     = Internal;

    hwInit.HwInitialize             = VrdHwInitialize;
    hwInit.HwStartIo                = VrdHwStartIo;
    hwInit.HwFindAdapter            = VrdHwFindAdapter;
    hwInit.HwResetBus               = VrdHwResetBus;
    hwInit.HwAdapterControl         = VrdHwAdapterControl;
    hwInit.HwFreeAdapterResources   = VrdHwFreeAdapterResources;
    hwInit.HwProcessServiceRequest  = VrdHwProcessServiceRequest;
    hwInit.HwCompleteServiceIrp     = VrdHwCompleteServiceIrp;

    hwInit.DeviceExtensionSize      = sizeof(VRD_ADAPTER_EXTENSION);
    hwInit.SpecificLuExtensionSize  = 0;
    hwInit.SrbExtensionSize         = sizeof(VRD_SRB_EXTENSION);

    hwInit.TaggedQueuing            = TRUE;
    hwInit.AutoRequestSense         = TRUE;
    hwInit.MultipleRequestPerLu     = TRUE;
    hwInit.PortVersionFlags         = 0;

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit,
                                NULL);
    if (status != STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "vramdisk: StorPortInitialize failed 0x%08X\n", status);
    }

    /* Storport's verdict is ours. */
    return (NTSTATUS)status;
}

_Use_decl_annotations_
static ULONG
VrdHwFindAdapter(
    PVOID                           DeviceExtension,
    PVOID                           HwContext,
    PVOID                           BusInformation,
    PVOID                           LowerDevice,
    PCHAR                           ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN                        Again
    )
{
    PVRD_ADAPTER_EXTENSION adapter = (PVRD_ADAPTER_EXTENSION)DeviceExtension;
    ULONGLONG bytes;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    RtlZeroMemory(adapter, sizeof(*adapter));
    adapter->Signature     = VRD_ADAPTER_SIGNATURE;
    adapter->AdapterNumber = (ULONG)InterlockedIncrement(&VrdAdapterCount) - 1;

    ConfigInfo->MaximumTransferLength       = VRD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks      = VRD_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfTargets      = VRD_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = VRD_MAX_LUNS;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MapBuffers                  = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice               = TRUE;

    bytes = (ULONGLONG)VrdConfig.DiskSizeMb * 1024 * 1024;

    for (i = 0; i < VrdConfig.NumberOfDisks; i++) {
        PVRD_DISK disk = &adapter->Disks[i];

        disk->Image = ExAllocatePool2(POOL_FLAG_NON_PAGED, (SIZE_T)bytes, VRD_TAG);
        if (disk->Image == NULL) {
            VrdLog("disk %u: no memory for %I64u bytes\n", i, bytes);
            break;
        }
        disk->SectorCount = bytes / VRD_SECTOR_SIZE;
        disk->Present     = TRUE;
        adapter->DiskCount++;
    }

    if (adapter->DiskCount == 0) {
        return SP_RETURN_ERROR;
    }

    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
static BOOLEAN
VrdHwInitialize(
    PVOID DeviceExtension
    )
{
    PVRD_ADAPTER_EXTENSION adapter = (PVRD_ADAPTER_EXTENSION)DeviceExtension;

    VrdLog("adapter %u ready with %u disk(s)\n", adapter->AdapterNumber, adapter->DiskCount);
    return TRUE;
}

_Use_decl_annotations_
static BOOLEAN
VrdHwStartIo(
    PVOID               DeviceExtension,
    PSCSI_REQUEST_BLOCK Srb
    )
{
    PVRD_ADAPTER_EXTENSION adapter = (PVRD_ADAPTER_EXTENSION)DeviceExtension;

    InterlockedIncrement(&adapter->OutstandingIo);

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        Srb->SrbStatus = VrdExecuteScsi(adapter, Srb);
        break;

    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_PNP:
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
        break;

    default:
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    InterlockedDecrement(&adapter->OutstandingIo);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

_Use_decl_annotations_
static BOOLEAN
VrdHwResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

_Use_decl_annotations_
static SCSI_ADAPTER_CONTROL_STATUS
VrdHwAdapterControl(
    PVOID                      DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE  ControlType,
    PVOID                      Parameters
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

_Use_decl_annotations_
static VOID
VrdHwFreeAdapterResources(
    PVOID DeviceExtension
    )
{
    PVRD_ADAPTER_EXTENSION adapter = (PVRD_ADAPTER_EXTENSION)DeviceExtension;
    ULONG i;

    for (i = 0; i < VRD_MAX_TARGETS; i++) {
        if (adapter->Disks[i].Image != NULL) {
            ExFreePoolWithTag(adapter->Disks[i].Image, VRD_TAG);
            adapter->Disks[i].Image   = NULL;
            adapter->Disks[i].Present = FALSE;
        }
    }
    adapter->DiskCount = 0;
}

_Use_decl_annotations_
static VOID
VrdHwProcessServiceRequest(
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    /* No private IOCTLs yet. */
    irp->IoStatus.Status      = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

_Use_decl_annotations_
static VOID
VrdHwCompleteServiceIrp(
    PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
