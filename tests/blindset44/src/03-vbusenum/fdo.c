// fdo.c -- PnP handling for the carrier board FDO
// Copyright (c) Orchid Embedded Ltd.

#include "vbus.h"

static IO_COMPLETION_ROUTINE VbSyncComplete;

static NTSTATUS
VbSyncComplete(PDEVICE_OBJECT pDeviceObject, PIRP pIrp, PVOID pvContext)
{
    UNREFERENCED_PARAMETER(pDeviceObject);
    if (pIrp->PendingReturned) {
        KeSetEvent((PKEVENT)pvContext, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
VbQueryBusRelations(PVB_FDO_EXTENSION pFdoExt, PIRP pIrp)
{
    PDEVICE_RELATIONS   pOld = (PDEVICE_RELATIONS)pIrp->IoStatus.Information;
    PDEVICE_RELATIONS   pNew;
    ULONG               ulOldCount = (NULL != pOld) ? pOld->Count : 0;
    ULONG               ulSlot;
    NTSTATUS            ntStatus;

    ExAcquireFastMutex(&pFdoExt->fmChildLock);
    pNew = (PDEVICE_RELATIONS)ExAllocatePool2(POOL_FLAG_PAGED,
                FIELD_OFFSET(DEVICE_RELATIONS, Objects) +
                sizeof(PDEVICE_OBJECT) * (ulOldCount + pFdoExt->ulChildCount), VB_TAG);
    if (NULL == pNew) {
        ExReleaseFastMutex(&pFdoExt->fmChildLock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    if (ulOldCount) {
        RtlCopyMemory(pNew->Objects, pOld->Objects, sizeof(PDEVICE_OBJECT) * ulOldCount);
    }
    pNew->Count = ulOldCount;

    for (ulSlot = 0; ulSlot < pFdoExt->ulChildCount; ulSlot++) {
        if (NULL == pFdoExt->apChildren[ulSlot]) {
            ntStatus = VbCreateChildPdo(pFdoExt, ulSlot, &pFdoExt->apChildren[ulSlot]);
            if (!NT_SUCCESS(ntStatus)) {
                VB_ERR("slot %u PDO create 0x%08X", ulSlot, ntStatus);
                continue;
            }
        }
        pNew->Objects[pNew->Count++] = pFdoExt->apChildren[ulSlot];
        ObReferenceObject(pFdoExt->apChildren[ulSlot]);
    }

    ExReleaseFastMutex(&pFdoExt->fmChildLock);
    if (NULL != pOld) {
        ExFreePool(pOld);
    }
    pIrp->IoStatus.Information = (ULONG_PTR)pNew;
    return STATUS_SUCCESS;
}

NTSTATUS
VbFdoPnp(
    _In_ PDEVICE_OBJECT pFdo,
    _Inout_ PIRP        pIrp
    )
{
    PVB_FDO_EXTENSION   pFdoExt = (PVB_FDO_EXTENSION)pFdo->DeviceExtension;
    PIO_STACK_LOCATION  pStack  = IoGetCurrentIrpStackLocation(pIrp);
    KEVENT              kEvent;
    NTSTATUS            ntStatus;
    ULONG               ulSlot;

    switch (pStack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&kEvent, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(pIrp);
        IoSetCompletionRoutine(pIrp, VbSyncComplete, &kEvent, TRUE, TRUE, TRUE);
        ntStatus = IoCallDriver(pFdoExt->pLowerDevice, pIrp);
        if (STATUS_PENDING == ntStatus) {
            KeWaitForSingleObject(&kEvent, Executive, KernelMode, FALSE, NULL);
            ntStatus = pIrp->IoStatus.Status;
        }
        if (NT_SUCCESS(ntStatus)) {
            ntStatus = IoSetDeviceInterfaceState(&pFdoExt->ustrInterfaceName, TRUE);
            if (NT_SUCCESS(ntStatus)) {
                pFdoExt->stCommon.eState = VbStateStarted;
            }
        }
        pIrp->IoStatus.Status = ntStatus;
        IoCompleteRequest(pIrp, IO_NO_INCREMENT);
        return ntStatus;

    case IRP_MN_QUERY_DEVICE_RELATIONS:
        if (BusRelations != pStack->Parameters.QueryDeviceRelations.Type) {
            break;
        }
        ntStatus = VbQueryBusRelations(pFdoExt, pIrp);
        pIrp->IoStatus.Status = ntStatus;
        if (!NT_SUCCESS(ntStatus)) {
            IoCompleteRequest(pIrp, IO_NO_INCREMENT);
            return ntStatus;
        }
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_STOP_DEVICE:
        pIrp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        pFdoExt->stCommon.eState = VbStateSurpriseRemoved;
        IoSetDeviceInterfaceState(&pFdoExt->ustrInterfaceName, FALSE);
        pIrp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (VbStateSurpriseRemoved != pFdoExt->stCommon.eState) {
            IoSetDeviceInterfaceState(&pFdoExt->ustrInterfaceName, FALSE);
        }
        pFdoExt->stCommon.eState = VbStateDeleted;
        pIrp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(pIrp);
        ntStatus = IoCallDriver(pFdoExt->pLowerDevice, pIrp);

        ExAcquireFastMutex(&pFdoExt->fmChildLock);
        for (ulSlot = 0; ulSlot < VB_MAX_CHILDREN; ulSlot++) {
            if (NULL != pFdoExt->apChildren[ulSlot]) {
                IoDeleteDevice(pFdoExt->apChildren[ulSlot]);
                pFdoExt->apChildren[ulSlot] = NULL;
            }
        }
        ExReleaseFastMutex(&pFdoExt->fmChildLock);

        RtlFreeUnicodeString(&pFdoExt->ustrInterfaceName);
        IoDetachDevice(pFdoExt->pLowerDevice);
        IoDeleteDevice(pFdo);
        return ntStatus;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(pIrp);
    return IoCallDriver(pFdoExt->pLowerDevice, pIrp);
}
