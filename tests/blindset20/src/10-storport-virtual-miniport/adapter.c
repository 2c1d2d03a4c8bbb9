/*++

Copyright (c) Graphic Design Institute Storage Labs.  All rights reserved.

Module Name:

    adapter.c

Abstract:

    Adapter-level callbacks of the VRD virtual miniport: discovery,
    initialization, reset, adapter control, resource release and the
    service-request path.

Environment:

    Kernel mode, Storport virtual miniport.

--*/

#include "vrd.h"

static
VOID
VrdFreeDisks(
    _Inout_ PVRD_ADAPTER Adapter
    );


static
VOID
VrdFreeDisks(
    _Inout_ PVRD_ADAPTER Adapter
    )
{
    ULONG lun;

    for (lun = 0; lun < VRD_MAX_LUNS; lun++) {
        if (Adapter->Disks[lun].Memory != NULL) {
            ExFreePoolWithTag(Adapter->Disks[lun].Memory, VRD_TAG_DISK);
            Adapter->Disks[lun].Memory = NULL;
            Adapter->Disks[lun].BlockCount = 0;
        }
    }
}


_Use_decl_annotations_
ULONG
VrdHwFindAdapter(
    PVOID DeviceExtension,
    PVOID HwContext,
    PVOID BusInformation,
    PVOID LowerDevice,
    PCHAR ArgumentString,
    PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    PBOOLEAN Again
    )
/*++

Routine Description:

    Allocates the RAM disks for a new virtual adapter and describes the
    adapter to Storport.

--*/
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    PVRD_DRIVER_INFO driverInfo = g_VrdDriver;
    SIZE_T diskBytes;
    KIRQL oldIrql;
    ULONG lun;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    if (driverInfo == NULL) {
        return SP_RETURN_ERROR;
    }

    adapter->InterfaceType = ConfigInfo->AdapterInterfaceType;
    adapter->LunCount = driverInfo->Parameters.LunCount;
    InitializeListHead(&adapter->Link);

    diskBytes = (SIZE_T)driverInfo->Parameters.DiskSizeMB * 1024 * 1024;

    for (lun = 0; lun < adapter->LunCount; lun++) {

        adapter->Disks[lun].Memory = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                             diskBytes,
                                                             VRD_TAG_DISK);
        if (adapter->Disks[lun].Memory == NULL) {
            VRD_PRINT("no memory for LUN %lu (%Iu bytes)", lun, diskBytes);
            VrdFreeDisks(adapter);
            return SP_RETURN_ERROR;
        }

        adapter->Disks[lun].BlockCount = diskBytes / VRD_BLOCK_SIZE;
        adapter->Disks[lun].ReadOnly = (BOOLEAN)driverInfo->Parameters.ReadOnly;
        KeInitializeSpinLock(&adapter->Disks[lun].Lock);
    }

    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)adapter->LunCount;
    ConfigInfo->MaximumTransferLength = VRD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = VRD_MAX_TRANSFER / PAGE_SIZE + 1;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->WmiDataProvider = FALSE;

    KeAcquireSpinLock(&driverInfo->AdapterListLock, &oldIrql);
    adapter->AdapterNumber = driverInfo->NextAdapterNumber++;
    InsertTailList(&driverInfo->AdapterList, &adapter->Link);
    KeReleaseSpinLock(&driverInfo->AdapterListLock, oldIrql);

    VRD_PRINT("adapter %lu (type %d): %lu LUN(s)",
              adapter->AdapterNumber, adapter->InterfaceType, adapter->LunCount);

    return SP_RETURN_FOUND;
}


_Use_decl_annotations_
BOOLEAN
VrdHwInitialize(
    PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);

    //
    // Nothing to program: the disks were allocated in HwFindAdapter.
    //
    return TRUE;
}


_Use_decl_annotations_
BOOLEAN
VrdHwResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    //
    // Requests complete synchronously in StartIo, so there is never
    // anything outstanding; this completes whatever Storport may still
    // consider active.
    //
    StorPortCompleteRequest(DeviceExtension,
                            (UCHAR)PathId,
                            SP_UNTAGGED,
                            SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);

    return TRUE;
}


_Use_decl_annotations_
SCSI_ADAPTER_CONTROL_STATUS
VrdHwAdapterControl(
    PVOID DeviceExtension,
    SCSI_ADAPTER_CONTROL_TYPE ControlType,
    PVOID Parameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST supported;
    ULONG index;

    UNREFERENCED_PARAMETER(DeviceExtension);

    switch (ControlType) {

    case ScsiQuerySupportedControlTypes:

        supported = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;

        for (index = 0; index < supported->MaxControlType; index++) {
            switch (index) {
            case ScsiQuerySupportedControlTypes:
            case ScsiStopAdapter:
            case ScsiRestartAdapter:
                supported->SupportedTypeList[index] = TRUE;
                break;
            default:
                supported->SupportedTypeList[index] = FALSE;
                break;
            }
        }
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
    case ScsiRestartAdapter:
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}


_Use_decl_annotations_
VOID
VrdHwFreeAdapterResources(
    PVOID DeviceExtension
    )
/*++

Routine Description:

    Called when the virtual adapter is removed; releases what
    HwFindAdapter allocated.

--*/
{
    PVRD_ADAPTER adapter = (PVRD_ADAPTER)DeviceExtension;
    PVRD_DRIVER_INFO driverInfo = g_VrdDriver;
    KIRQL oldIrql;

    if (driverInfo != NULL && !IsListEmpty(&adapter->Link)) {
        KeAcquireSpinLock(&driverInfo->AdapterListLock, &oldIrql);
        RemoveEntryList(&adapter->Link);
        InitializeListHead(&adapter->Link);
        KeReleaseSpinLock(&driverInfo->AdapterListLock, oldIrql);
    }

    VrdFreeDisks(adapter);

    VRD_PRINT("adapter %lu resources freed", adapter->AdapterNumber);
}


_Use_decl_annotations_
VOID
VrdHwProcessServiceRequest(
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    //
    // No reverse-callback protocol is implemented.
    //
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    irp->IoStatus.Information = 0;

    StorPortCompleteServiceIrp(DeviceExtension, irp);
}


_Use_decl_annotations_
VOID
VrdHwCompleteServiceIrp(
    PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);

    //
    // No service IRPs are ever held.
    //
}


_Use_decl_annotations_
VOID
VrdHwInitializeTracing(
    PVOID Arg1,
    PVOID Arg2
    )
{
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    //
    // The lab build does not enable WPP.
    //
}


_Use_decl_annotations_
VOID
VrdHwCleanupTracing(
    PVOID Arg1
    )
{
    UNREFERENCED_PARAMETER(Arg1);
}
