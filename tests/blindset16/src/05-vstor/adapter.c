/**************************************************************************
 *
 *  adapter.c - HwFindAdapter / HwInitialize / HwFreeAdapterResources and
 *              the other adapter-level Storport callbacks.
 *
 *  Copyright (c) vstor authors. Distributed under the MIT license.
 *
 **************************************************************************/

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
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    PVS_DRIVER_GLOBALS g = (PVS_DRIVER_GLOBALS)HwContext;
    KLOCK_QUEUE_HANDLE lockHandle;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    RtlZeroMemory(adapter, sizeof(*adapter));
    InitializeListHead(&adapter->Link);
    adapter->Globals = g;

    ConfigInfo->VirtualDevice                  = TRUE;
    ConfigInfo->WmiDataProvider                = FALSE;
    ConfigInfo->MaximumTransferLength          = VS_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks         = VS_MAX_TRANSFER / PAGE_SIZE + 1;
    ConfigInfo->AlignmentMask                  = 0x3;
    ConfigInfo->NumberOfBuses                  = VS_NUMBER_OF_BUSES;
    ConfigInfo->InitiatorBusId[0]              = 0xFF;
    ConfigInfo->ScatterGather                  = TRUE;
    ConfigInfo->Master                         = TRUE;
    ConfigInfo->CachesData                     = FALSE;
    ConfigInfo->MaximumNumberOfTargets         = VS_MAX_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits    = VS_MAX_LUNS;
    ConfigInfo->SynchronizationModel           = StorSynchronizeFullDuplex;
    ConfigInfo->MapBuffers                     = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;

    status = VsLunCreateAll(adapter, &g->Params);
    if (!NT_SUCCESS(status)) {
        VsDbg(DPFLTR_ERROR_LEVEL, "VsLunCreateAll 0x%08x", status);
        VsLunDestroyAll(adapter);
        return SP_RETURN_ERROR;
    }

    KeAcquireInStackQueuedSpinLock(&g->AdapterListLock, &lockHandle);
    InsertTailList(&g->AdapterList, &adapter->Link);
    adapter->Index = (ULONG)InterlockedIncrement(&g->AdapterCount) - 1;
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    VsDbg(DPFLTR_INFO_LEVEL, "adapter %u: %u LUN(s) of %u MB",
          adapter->Index, adapter->LunCount, g->Params.DiskSizeMB);

    return SP_RETURN_FOUND;
}

_Use_decl_annotations_
BOOLEAN
VsHwInitialize(
    PVOID DeviceExtension
    )
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

_Use_decl_annotations_
BOOLEAN
VsHwResetBus(
    PVOID DeviceExtension,
    ULONG PathId
    )
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId,
                            SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
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
        return ScsiAdapterControlSuccess;

    case ScsiStopAdapter:
        adapter->Removed = TRUE;
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        adapter->Removed = FALSE;
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
    PVS_ADAPTER adapter = (PVS_ADAPTER)DeviceExtension;
    PVS_DRIVER_GLOBALS g = adapter->Globals;
    KLOCK_QUEUE_HANDLE lockHandle;

    KeAcquireInStackQueuedSpinLock(&g->AdapterListLock, &lockHandle);
    if (!IsListEmpty(&adapter->Link)) {
        RemoveEntryList(&adapter->Link);
        InitializeListHead(&adapter->Link);
        InterlockedDecrement(&g->AdapterCount);
    }
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    VsLunDestroyAll(adapter);
}

_Use_decl_annotations_
VOID
VsHwProcessServiceRequest(
    PVOID DeviceExtension,
    PVOID Irp
    )
{
    PIRP irp = (PIRP)Irp;

    UNREFERENCED_PARAMETER(DeviceExtension);

    /* No service requests are defined yet. */
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
    UNREFERENCED_PARAMETER(DeviceExtension);
}
