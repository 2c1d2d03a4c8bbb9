// vminiport.cpp - DriverEntry and the adapter-level callbacks
#include "vminiport.h"

extern "C" sp_DRIVER_INITIALIZE DriverEntry;

extern "C"
ULONG DriverEntry(_In_ PVOID DriverObject, _In_ PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA hwInit;
    RtlZeroMemory(&hwInit, sizeof(hwInit));

    hwInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    hwInit.AdapterInterfaceType = Internal;         // virtual adapter

    hwInit.HwInitialize = vmp::HwInitialize;
    hwInit.HwStartIo = vmp::HwStartIo;
    hwInit.HwFindAdapter = vmp::HwFindAdapter;
    hwInit.HwResetBus = vmp::HwResetBus;
    hwInit.HwAdapterControl = vmp::HwAdapterControl;
    hwInit.HwFreeAdapterResources = vmp::HwFreeAdapterResources;
    hwInit.HwBuildIo = nullptr;                      // must stay NULL for a VMiniport

    hwInit.DeviceExtensionSize = sizeof(vmp::AdapterExtension);
    hwInit.SpecificLuExtensionSize = 0;
    hwInit.SrbExtensionSize = 0;

    hwInit.TaggedQueuing = TRUE;
    hwInit.AutoRequestSense = TRUE;
    hwInit.MultipleRequestPerLu = TRUE;
    hwInit.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    // whatever Storport says is what the I/O manager gets
    ULONG status = StorPortInitialize(DriverObject, RegistryPath,
                                      reinterpret_cast<PHW_INITIALIZATION_DATA>(&hwInit), nullptr);
    if (status != STATUS_SUCCESS) {
        StorPortDebugPrint(0, "RamVmp: StorPortInitialize 0x%08X\n", status);
    }
    return status;
}

namespace vmp {

ULONG HwFindAdapter(PVOID deviceExtension, PVOID hwContext, PVOID busInformation, PVOID lowerDevice,
                    PCHAR argumentString, PPORT_CONFIGURATION_INFORMATION configInfo, PBOOLEAN again)
{
    UNREFERENCED_PARAMETER(hwContext);
    UNREFERENCED_PARAMETER(busInformation);
    UNREFERENCED_PARAMETER(lowerDevice);
    UNREFERENCED_PARAMETER(argumentString);

    auto ext = static_cast<AdapterExtension*>(deviceExtension);
    *again = FALSE;

    PVOID disk = nullptr;
    ULONG rc = StorPortAllocatePool(deviceExtension, static_cast<ULONG>(kDiskBytes), kTag, &disk);
    if (rc != STOR_STATUS_SUCCESS || disk == nullptr) {
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(disk, static_cast<SIZE_T>(kDiskBytes));
    ext->Disk = static_cast<PUCHAR>(disk);
    ext->Reads = ext->Writes = 0;
    ext->Stopped = FALSE;

    configInfo->VirtualDevice = TRUE;
    configInfo->NumberOfBuses = 1;
    configInfo->MaximumNumberOfTargets = 1;
    configInfo->MaximumNumberOfLogicalUnits = 1;
    configInfo->MaximumTransferLength = kMaxTransfer;
    configInfo->NumberOfPhysicalBreaks = kMaxTransfer / PAGE_SIZE;
    configInfo->AlignmentMask = 0;
    configInfo->ScatterGather = TRUE;
    configInfo->Master = TRUE;
    configInfo->CachesData = FALSE;
    configInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    configInfo->WmiDataProvider = FALSE;

    return SP_RETURN_FOUND;
}

BOOLEAN HwInitialize(PVOID deviceExtension)
{
    UNREFERENCED_PARAMETER(deviceExtension);
    return TRUE;
}

BOOLEAN HwResetBus(PVOID deviceExtension, ULONG pathId)
{
    StorPortCompleteRequest(deviceExtension, static_cast<UCHAR>(pathId), SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS HwAdapterControl(PVOID deviceExtension, SCSI_ADAPTER_CONTROL_TYPE controlType,
                                             PVOID parameters)
{
    auto ext = static_cast<AdapterExtension*>(deviceExtension);

    switch (controlType) {
    case ScsiQuerySupportedControlTypes: {
        auto list = static_cast<PSCSI_SUPPORTED_CONTROL_TYPE_LIST>(parameters);
        const ULONG max = list->MaxControlType;
        if (ScsiQuerySupportedControlTypes < max) list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        if (ScsiStopAdapter < max)                list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        if (ScsiRestartAdapter < max)             list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        ext->Stopped = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        ext->Stopped = FALSE;
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

VOID HwFreeAdapterResources(PVOID deviceExtension)
{
    auto ext = static_cast<AdapterExtension*>(deviceExtension);
    if (ext->Disk) {
        StorPortFreePool(deviceExtension, ext->Disk);
        ext->Disk = nullptr;
    }
}

} // namespace vmp
