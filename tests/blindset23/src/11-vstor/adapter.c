/*++

Module Name:

    adapter.c

Abstract:

    Adapter-level Storport callbacks for vstor.sys: find/initialize,
    adapter control, reset, resource release and the (unused) service
    request path.

--*/

#include "vstor.h"

_Use_decl_annotations_
ULONG
VsHwFindAdapter(
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
{
    PVSTOR_ADAPTER adapter = (PVSTOR_ADAPTER)DeviceExtension;
    ULONGLONG bytes;
    ULONG status;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    RtlZeroMemory(adapter, sizeof(*adapter));

    bytes = (ULONGLONG)g_VsConfig.DiskSizeMB * 1024 * 1024;

#if !defined(_WIN64)
    if (bytes > MAXULONG) {
        return SP_RETURN_BAD_CONFIG;
    }
#endif

    status = StorPortAllocatePool(DeviceExtension,
                                  (ULONG)bytes,
                                  VSTOR_TAG,
                                  (PVOID *)&adapter->Disk);
    if (status != STOR_STATUS_SUCCESS || adapter->Disk == NULL) {
        VsError("cannot allocate %lu MB backing store (0x%08X)", g_VsConfig.DiskSizeMB, status);
        adapter->Disk = NULL;
        return SP_RETURN_ERROR;
    }

    RtlZeroMemory(adapter->Disk, (SIZE_T)bytes);

    adapter->DiskBytes = bytes;
    adapter->BlockCount = bytes / VSTOR_SECTOR_SIZE;
    adapter->ReadOnly = (BOOLEAN)(g_VsConfig.ReadOnly != 0);

    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->MaximumTransferLength = VSTOR_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = VSTOR_MAX_BREAKS;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->WmiDataProvider = FALSE;

    VsTrace("adapter found, %llu blocks%s", adapter->BlockCount,
            adapter->ReadOnly ? " (read-only)" : "");

    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
VsHwInitialize(
    PVOID DeviceExtension
    )
{
    PVSTOR_ADAPTER adapter = (PVSTOR_ADAPTER)DeviceExtension;

    adapter->Stopped = FALSE;
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
VsHwResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    //
    // Nothing is ever outstanding: every SRB is completed from
    // HwStartIo before it returns.  Report success.
    //
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
VsHwAdapterControl(
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PVSTOR_ADAPTER adapter = (PVSTOR_ADAPTER)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list;
    ULONG i;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        for (i = 0; i < list->MaxControlType; i++) {
            list->SupportedTypeList[i] =
                (i == ScsiQuerySupportedControlTypes ||
                 i == ScsiStopAdapter ||
                 i == ScsiRestartAdapter);
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

_Use_decl_annotations_
VOID
VsHwFreeAdapterResources(
    PVOID DeviceExtension
    )
{
    PVSTOR_ADAPTER adapter = (PVSTOR_ADAPTER)DeviceExtension;

    if (adapter->Disk != NULL) {
        StorPortFreePool(DeviceExtension, adapter->Disk);
        adapter->Disk = NULL;
    }

    adapter->DiskBytes = 0;
    adapter->BlockCount = 0;
}

_Use_decl_annotations_
VOID
VsHwProcessServiceRequest(
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    //
    // No private IOCTL interface: fail anything that reaches us.
    //
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;
    StorPortCompleteServiceIrp(DeviceExtension, irp);
}

_Use_decl_annotations_
VOID
VsHwCompleteServiceIrp(
    PVOID DeviceExtension
    )
{
    //
    // HwProcessServiceRequest completes every IRP immediately, so none
    // is ever held here.
    //
    UNREFERENCED_PARAMETER(DeviceExtension);
}
