/*
 * ramdisk.c - DriverEntry and the adapter level HwXxx routines
 */
#include "ramdisk.h"

/*
 * parse "DiskSizeMB=NNN" out of the argument string, very dumb parser
 */
static ULONG RdParseSizeMB(_In_opt_ PCHAR ArgumentString)
{
    static const CHAR key[] = "DiskSizeMB=";
    ULONG value = 0;
    PCHAR p;
    ULONG i;

    if (ArgumentString == NULL) {
        return RD_DEFAULT_SIZE_MB;
    }

    for (p = ArgumentString; *p != '\0'; p++) {
        for (i = 0; key[i] != '\0' && p[i] == key[i]; i++) {
            ;
        }
        if (key[i] == '\0') {
            p += i;
            while (*p >= '0' && *p <= '9') {
                value = value * 10 + (ULONG)(*p - '0');
                p++;
            }
            break;
        }
    }

    if (value == 0 || value > RD_MAX_SIZE_MB) {
        value = RD_DEFAULT_SIZE_MB;
    }
    return value;
}

ULONG
RdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    ULONG sizeMB;
    ULONG status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);

    *Again = FALSE;

    sizeMB = RdParseSizeMB(ArgumentString);
    adapter->DiskBytes = (ULONG64)sizeMB * 1024 * 1024;
    adapter->SectorCount = adapter->DiskBytes / RD_SECTOR_SIZE;

    status = StorPortAllocatePool(DeviceExtension,
                                  (ULONG)adapter->DiskBytes,
                                  RD_TAG,
                                  (PVOID *)&adapter->Disk);
    if (status != STOR_STATUS_SUCCESS || adapter->Disk == NULL) {
        RdLog("could not allocate %u MB (0x%x)", sizeMB, status);
        adapter->Disk = NULL;
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(adapter->Disk, (SIZE_T)adapter->DiskBytes);

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = RD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = RD_MAX_TRANSFER / PAGE_SIZE;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->WmiDataProvider = FALSE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    RdLog("adapter found, disk is %u MB", sizeMB);
    return SP_RETURN_FOUND;
}

BOOLEAN
RdHwInitialize(
    _In_ PVOID DeviceExtension
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;

    adapter->Stopped = FALSE;
    return TRUE;
}

BOOLEAN
RdHwResetBus(
    _In_ PVOID DeviceExtension,
    _In_ ULONG PathId
    )
{
    /* nothing is ever outstanding, but complete whatever storport thinks is */
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
RdHwAdapterControl(
    _In_ PVOID DeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
    _In_ PVOID Parameters
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list->MaxControlType > ScsiQuerySupportedControlTypes) {
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        }
        if (list->MaxControlType > ScsiStopAdapter) {
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (list->MaxControlType > ScsiRestartAdapter) {
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        adapter->Stopped = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Stopped = FALSE;
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID
RdHwFreeAdapterResources(
    _In_ PVOID DeviceExtension
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;

    RdLog("free adapter, %u reads %u writes", adapter->ReadCount, adapter->WriteCount);

    if (adapter->Disk != NULL) {
        StorPortFreePool(DeviceExtension, adapter->Disk);
        adapter->Disk = NULL;
    }
}

BOOLEAN
RdHwStartIo(
    _In_ PVOID DeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK Srb
    )
{
    PRD_ADAPTER adapter = (PRD_ADAPTER)DeviceExtension;
    UCHAR srbStatus;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (adapter->Stopped) {
            srbStatus = SRB_STATUS_BUSY;
        } else {
            srbStatus = RdExecuteScsi(adapter, Srb);
        }
        break;

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
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

ULONG
DriverEntry(
    _In_ PVOID DriverObject,
    _In_ PVOID RegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    ULONG status;

    RdLog("DriverEntry (" __DATE__ ")");

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;

    hwInit.HwInitialize = RdHwInitialize;
    hwInit.HwStartIo = RdHwStartIo;
    hwInit.HwFindAdapter = RdHwFindAdapter;
    hwInit.HwResetBus = RdHwResetBus;
    hwInit.HwAdapterControl = RdHwAdapterControl;
    hwInit.HwFreeAdapterResources = RdHwFreeAdapterResources;

    hwInit.DeviceExtensionSize = sizeof(RD_ADAPTER);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;
    hwInit.NumberOfAccessRanges = 0;

    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = StorPortInitialize(DriverObject,
                                RegistryPath,
                                (PHW_INITIALIZATION_DATA)&hwInit,
                                NULL);

    RdLog("StorPortInitialize returned 0x%08x", status);

    return STATUS_SUCCESS;
}
