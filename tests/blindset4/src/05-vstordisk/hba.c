/*
 * hba.c - adapter lifetime of VStorDisk.
 */
#include "vstor.h"

static VOID
VsFreeLuns(_Inout_ PVS_HBA_EXTENSION Hba)
{
    ULONG i;

    for (i = 0; i < VS_MAX_LUNS; i++) {
        if (Hba->Luns[i].Image != NULL) {
            ExFreePoolWithTag(Hba->Luns[i].Image, VS_TAG);
            Hba->Luns[i].Image = NULL;
        }
        Hba->Luns[i].Present = FALSE;
    }
    Hba->LunCount = 0;
}

static BOOLEAN
VsAllocateLuns(_Inout_ PVS_HBA_EXTENSION Hba)
{
    ULONG i;
    SIZE_T bytes = (SIZE_T)VsGlobals->LunSizeMB * 1024 * 1024;

    for (i = 0; i < VsGlobals->LunsPerHba; i++) {
        Hba->Luns[i].Image = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, VS_TAG);
        if (Hba->Luns[i].Image == NULL) {
            /* Roll back the LUNs already built. */
            VsFreeLuns(Hba);
            return FALSE;
        }
        Hba->Luns[i].Blocks = bytes / VS_BLOCK_SIZE;
        Hba->Luns[i].Present = TRUE;
        Hba->LunCount++;
    }
    return TRUE;
}

ULONG
VsHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    )
{
    PVS_HBA_EXTENSION hba = (PVS_HBA_EXTENSION)DeviceExtension;
    KLOCK_QUEUE_HANDLE lockHandle;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    *Again = FALSE;

    KeInitializeSpinLock(&hba->LunLock);
    InitializeListHead(&hba->Link);

    if (!VsAllocateLuns(hba)) {
        return SP_RETURN_ERROR;
    }

    ConfigInfo->VirtualDevice               = TRUE;
    ConfigInfo->WmiDataProvider             = FALSE;
    ConfigInfo->MaximumTransferLength       = 1024 * 1024;
    ConfigInfo->AlignmentMask               = 0x3;
    ConfigInfo->CachesData                  = FALSE;
    ConfigInfo->MaximumNumberOfTargets      = 1;
    ConfigInfo->NumberOfBuses               = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)VS_MAX_LUNS;
    ConfigInfo->ScatterGather               = TRUE;
    ConfigInfo->Master                      = TRUE;
    ConfigInfo->SynchronizationModel        = StorSynchronizeFullDuplex;

    KeAcquireInStackQueuedSpinLock(&VsGlobals->HbaListLock, &lockHandle);
    hba->HbaIndex = VsGlobals->HbaCount++;
    InsertTailList(&VsGlobals->HbaList, &hba->Link);
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    return SP_RETURN_FOUND;
}

BOOLEAN
VsHwInitialize(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

BOOLEAN
VsHwResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    StorPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED,
                            SRB_STATUS_BUS_RESET);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VsHwAdapterControl(
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
VsHwFreeAdapterResources(_In_ PVOID DeviceExtension)
{
    PVS_HBA_EXTENSION hba = (PVS_HBA_EXTENSION)DeviceExtension;
    KLOCK_QUEUE_HANDLE lockHandle;

    KeAcquireInStackQueuedSpinLock(&VsGlobals->HbaListLock, &lockHandle);
    if (!IsListEmpty(&hba->Link)) {
        RemoveEntryList(&hba->Link);
        InitializeListHead(&hba->Link);
        VsGlobals->HbaCount--;
    }
    KeReleaseInStackQueuedSpinLock(&lockHandle);

    VsFreeLuns(hba);
}
