/*
 * driver.c - DriverEntry and Storport adapter callbacks for vramdisk
 *
 * Copyright (c) 2018 Halcyon Kiosk Systems
 */

#include "vramdisk.h"

VRD_GLOBALS g_VrdGlobals;

static NTSTATUS
VrdReadParameters(
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE    astTable[2];
    ULONG                       ulSize = VRD_DEFAULT_SIZE_MB;
    ULONG                       ulDefault = VRD_DEFAULT_SIZE_MB;
    NTSTATUS                    ntStatus;

    RtlZeroMemory(astTable, sizeof(astTable));
    astTable[0].Flags         = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    astTable[0].Name          = L"DiskSizeMB";
    astTable[0].EntryContext  = &ulSize;
    astTable[0].DefaultType   = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    astTable[0].DefaultData   = &ulDefault;
    astTable[0].DefaultLength = sizeof(ULONG);

    ntStatus = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, pRegistryPath->Buffer, astTable, NULL, NULL);

    g_VrdGlobals.ulDiskSizeMb = (ulSize == 0 || ulSize > VRD_MAX_SIZE_MB) ? VRD_DEFAULT_SIZE_MB : ulSize;
    return ntStatus;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    VIRTUAL_HW_INITIALIZATION_DATA  stInit;
    NTSTATUS                        ntStatus = STATUS_SUCCESS;
    ULONG                           ulStatus;

    VRD_TRACE("DriverEntry %wZ", pRegistryPath);

    g_VrdGlobals.ulDiskSizeMb = VRD_DEFAULT_SIZE_MB;

    ntStatus = VrdReadParameters(pRegistryPath);
    if (!NT_SUCCESS(ntStatus)) {
        VRD_TRACE("no DiskSizeMB (0x%08X), using %u MB", ntStatus, g_VrdGlobals.ulDiskSizeMb);
        ntStatus = STATUS_SUCCESS;
    }

    RtlZeroMemory(&stInit, sizeof(stInit));

    stInit.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    stInit.AdapterInterfaceType     = Internal;

    stInit.HwInitialize             = VrdHwInitialize;
    stInit.HwStartIo                = VrdHwStartIo;
    stInit.HwFindAdapter            = VrdHwFindAdapter;
    stInit.HwResetBus               = VrdHwResetBus;
    stInit.HwAdapterControl         = VrdHwAdapterControl;
    stInit.HwFreeAdapterResources   = VrdHwFreeAdapterResources;

    stInit.DeviceExtensionSize      = sizeof(VRD_ADAPTER_EXTENSION);
    stInit.SpecificLuExtensionSize  = 0;
    stInit.SrbExtensionSize         = sizeof(VRD_SRB_EXTENSION);

    stInit.TaggedQueuing            = TRUE;
    stInit.AutoRequestSense         = TRUE;
    stInit.MultipleRequestPerLu     = TRUE;
    stInit.MapBuffers               = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    stInit.PortVersionFlags         = 0;

    ulStatus = StorPortInitialize(pDriverObject,
                                  pRegistryPath,
                                  (PHW_INITIALIZATION_DATA)&stInit,
                                  NULL);
    if (ulStatus != STATUS_SUCCESS) {
        VRD_ERROR("StorPortInitialize failed 0x%08X", ulStatus);
    }

    return ntStatus;
}

ULONG
VrdHwFindAdapter(
    _In_ PVOID                              pvDeviceExtension,
    _In_ PVOID                              pvHwContext,
    _In_ PVOID                              pvBusInformation,
    _In_ PVOID                              pvLowerDevice,
    _In_ PCHAR                              pszArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION pConfigInfo,
    _In_ PBOOLEAN                           pbAgain
    )
{
    PVRD_ADAPTER_EXTENSION  pExt = (PVRD_ADAPTER_EXTENSION)pvDeviceExtension;
    HANDLE                  hThread = NULL;
    NTSTATUS                ntStatus;

    UNREFERENCED_PARAMETER(pvHwContext);
    UNREFERENCED_PARAMETER(pvBusInformation);
    UNREFERENCED_PARAMETER(pvLowerDevice);
    UNREFERENCED_PARAMETER(pszArgumentString);
    UNREFERENCED_PARAMETER(pbAgain);

    pExt->ullImageBytes  = (ULONGLONG)g_VrdGlobals.ulDiskSizeMb * 1024 * 1024;
    pExt->ullSectorCount = pExt->ullImageBytes / VRD_SECTOR_SIZE;

    pExt->pucImage = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                             (SIZE_T)pExt->ullImageBytes,
                                             VRD_TAG);
    if (NULL == pExt->pucImage) {
        VRD_ERROR("cannot allocate %u MB image", g_VrdGlobals.ulDiskSizeMb);
        return SP_RETURN_ERROR;
    }

    KeInitializeSpinLock(&pExt->slQueue);
    InitializeListHead(&pExt->leQueue);
    KeInitializeEvent(&pExt->kWorkEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&pExt->kStopEvent, NotificationEvent, FALSE);

    ntStatus = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                    VrdWorkerThread, pExt);
    if (!NT_SUCCESS(ntStatus)) {
        ExFreePoolWithTag(pExt->pucImage, VRD_TAG);
        pExt->pucImage = NULL;
        return SP_RETURN_ERROR;
    }
    ntStatus = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                         (PVOID *)&pExt->pWorkerThread, NULL);
    if (!NT_SUCCESS(ntStatus)) {
        KeSetEvent(&pExt->kStopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        pExt->pWorkerThread = NULL;
        ExFreePoolWithTag(pExt->pucImage, VRD_TAG);
        pExt->pucImage = NULL;
        return SP_RETURN_ERROR;
    }
    ZwClose(hThread);

    pConfigInfo->VirtualDevice                 = TRUE;
    pConfigInfo->NumberOfBuses                 = 1;
    pConfigInfo->MaximumNumberOfTargets        = 1;
    pConfigInfo->MaximumNumberOfLogicalUnits   = 1;
    pConfigInfo->MaximumTransferLength         = VRD_MAX_TRANSFER;
    pConfigInfo->NumberOfPhysicalBreaks        = VRD_MAX_TRANSFER / PAGE_SIZE;
    pConfigInfo->AlignmentMask                 = 0x3;
    pConfigInfo->ScatterGather                 = TRUE;
    pConfigInfo->CachesData                    = FALSE;
    pConfigInfo->Master                        = TRUE;
    pConfigInfo->SynchronizationModel          = StorSynchronizeFullDuplex;
    pConfigInfo->WmiDataProvider               = FALSE;

    VRD_TRACE("adapter %p, %I64u sectors", pExt, pExt->ullSectorCount);
    return SP_RETURN_FOUND;
}

BOOLEAN
VrdHwInitialize(
    _In_ PVOID pvDeviceExtension
    )
{
    UNREFERENCED_PARAMETER(pvDeviceExtension);
    return TRUE;
}

BOOLEAN
VrdHwResetBus(
    _In_ PVOID pvDeviceExtension,
    _In_ ULONG ulPathId
    )
{
    UNREFERENCED_PARAMETER(pvDeviceExtension);
    UNREFERENCED_PARAMETER(ulPathId);
    return TRUE;
}

SCSI_ADAPTER_CONTROL_STATUS
VrdHwAdapterControl(
    _In_ PVOID                      pvDeviceExtension,
    _In_ SCSI_ADAPTER_CONTROL_TYPE  eControlType,
    _In_ PVOID                      pvParameters
    )
{
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST pList;

    UNREFERENCED_PARAMETER(pvDeviceExtension);

    switch (eControlType) {
    case ScsiQuerySupportedControlTypes:
        pList = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)pvParameters;
        if (pList->MaxControlType > ScsiStopAdapter) {
            pList->SupportedTypeList[ScsiStopAdapter] = TRUE;
        }
        if (pList->MaxControlType > ScsiRestartAdapter) {
            pList->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        }
        pList->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
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
    _In_ PVOID pvDeviceExtension
    )
{
    PVRD_ADAPTER_EXTENSION pExt = (PVRD_ADAPTER_EXTENSION)pvDeviceExtension;

    VRD_TRACE("free adapter %p (r=%u w=%u)", pExt, pExt->ulReads, pExt->ulWrites);

    if (NULL != pExt->pucImage) {
        ExFreePoolWithTag(pExt->pucImage, VRD_TAG);
        pExt->pucImage = NULL;
    }

    if (NULL != pExt->pWorkerThread) {
        KeSetEvent(&pExt->kStopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(pExt->pWorkerThread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(pExt->pWorkerThread);
        pExt->pWorkerThread = NULL;
    }
}

BOOLEAN
VrdHwStartIo(
    _In_ PVOID                  pvDeviceExtension,
    _In_ PSCSI_REQUEST_BLOCK    pSrb
    )
{
    PVRD_ADAPTER_EXTENSION  pExt = (PVRD_ADAPTER_EXTENSION)pvDeviceExtension;
    PVRD_SRB_EXTENSION      pSrbExt;
    KIRQL                   kIrql;

    if (SRB_FUNCTION_EXECUTE_SCSI != pSrb->Function ||
        0 != pSrb->PathId || 0 != pSrb->TargetId || 0 != pSrb->Lun) {
        pSrb->SrbStatus = (SRB_FUNCTION_EXECUTE_SCSI == pSrb->Function) ?
                          SRB_STATUS_NO_DEVICE : SRB_STATUS_INVALID_REQUEST;
        StorPortNotification(RequestComplete, pExt, pSrb);
        return TRUE;
    }

    switch (pSrb->Cdb[0]) {
    case SCSIOP_READ:
    case SCSIOP_WRITE:
        //
        // Copying up to 128K at DISPATCH_LEVEL stalls the CPU; hand the
        // data movement to the worker thread.
        //
        pSrbExt = (PVRD_SRB_EXTENSION)pSrb->SrbExtension;
        pSrbExt->pSrb = pSrb;
        KeAcquireSpinLock(&pExt->slQueue, &kIrql);
        InsertTailList(&pExt->leQueue, &pSrbExt->leLink);
        KeReleaseSpinLock(&pExt->slQueue, kIrql);
        KeSetEvent(&pExt->kWorkEvent, IO_NO_INCREMENT, FALSE);
        return TRUE;

    default:
        pSrb->SrbStatus = VrdExecuteNonIo(pExt, pSrb);
        StorPortNotification(RequestComplete, pExt, pSrb);
        return TRUE;
    }
}

VOID
VrdWorkerThread(
    _In_ PVOID pvContext
    )
{
    PVRD_ADAPTER_EXTENSION  pExt = (PVRD_ADAPTER_EXTENSION)pvContext;
    PVOID                   apvWait[2] = { &pExt->kStopEvent, &pExt->kWorkEvent };
    PLIST_ENTRY             pEntry;
    PVRD_SRB_EXTENSION      pSrbExt;
    KIRQL                   kIrql;
    NTSTATUS                ntStatus;

    for (;;) {
        ntStatus = KeWaitForMultipleObjects(2, apvWait, WaitAny, Executive, KernelMode,
                                            FALSE, NULL, NULL);
        if (STATUS_WAIT_0 == ntStatus) {
            break;
        }

        for (;;) {
            KeAcquireSpinLock(&pExt->slQueue, &kIrql);
            pEntry = IsListEmpty(&pExt->leQueue) ? NULL : RemoveHeadList(&pExt->leQueue);
            KeReleaseSpinLock(&pExt->slQueue, kIrql);
            if (NULL == pEntry) {
                break;
            }
            pSrbExt = CONTAINING_RECORD(pEntry, VRD_SRB_EXTENSION, leLink);
            pSrbExt->pSrb->SrbStatus = VrdExecuteReadWrite(pExt, pSrbExt->pSrb);
            StorPortNotification(RequestComplete, pExt, pSrbExt->pSrb);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}
