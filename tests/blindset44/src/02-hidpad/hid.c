/*
 * hid.c - HID internal IOCTLs, PnP and power for the KP-8 panel
 *
 * (c) 2019-2023 Kestrel Controls.  Internal use.
 */

#include "hidpad.h"

/* Generic Desktop / Game Pad, report id 1, 8 buttons x 1 bit, Input(Data,Var,Abs) */
static const UCHAR s_abReportDescriptor[] = {
    0x05, 0x01, 0x09, 0x05, 0xA1, 0x01, 0x85, 0x01,
    0x05, 0x09, 0x19, 0x01, 0x29, 0x08, 0x15, 0x00,
    0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
    0xC0
};

/* bLength, HID descriptor type, bcdHID 1.11, country, one report descriptor */
static const HID_DESCRIPTOR s_stHidDescriptor = {
    sizeof(HID_DESCRIPTOR), 0x21, 0x0111, 0x00, 0x01, { { 0x22, sizeof(s_abReportDescriptor) } }
};

static NTSTATUS
MpCompleteRequest(PIRP pIrp, NTSTATUS ntStatus, ULONG_PTR ulInfo)
{
    pIrp->IoStatus.Status = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_NO_INCREMENT);
    return ntStatus;
}

static NTSTATUS
MpCopyToUserBuffer(PIRP pIrp, PIO_STACK_LOCATION pStack, const VOID *pvSrc, ULONG cbSrc)
{
    ULONG cbOut = pStack->Parameters.DeviceIoControl.OutputBufferLength;

    if (cbOut < cbSrc) {
        return MpCompleteRequest(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    RtlCopyMemory(pIrp->UserBuffer, pvSrc, cbSrc);
    return MpCompleteRequest(pIrp, STATUS_SUCCESS, cbSrc);
}

NTSTATUS
MpDispatchInternalIoctl(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PMP_DEVICE_EXTENSION    pExt   = GET_MINIDRIVER_EXTENSION(pDeviceObject);
    PIO_STACK_LOCATION      pStack = IoGetCurrentIrpStackLocation(pIrp);
    HID_DEVICE_ATTRIBUTES   stAttr;
    PMP_READ_CONTEXT        pRead;
    KIRQL                   kIrql;

    switch (pStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_HID_GET_DEVICE_DESCRIPTOR:
        return MpCopyToUserBuffer(pIrp, pStack, &s_stHidDescriptor, sizeof(s_stHidDescriptor));

    case IOCTL_HID_GET_REPORT_DESCRIPTOR:
        return MpCopyToUserBuffer(pIrp, pStack, s_abReportDescriptor, sizeof(s_abReportDescriptor));

    case IOCTL_HID_GET_DEVICE_ATTRIBUTES:
        RtlZeroMemory(&stAttr, sizeof(stAttr));
        stAttr.Size          = sizeof(stAttr);
        stAttr.VendorID      = MP_VENDOR_ID;
        stAttr.ProductID     = MP_PRODUCT_ID;
        stAttr.VersionNumber = MP_VERSION;
        return MpCopyToUserBuffer(pIrp, pStack, &stAttr, sizeof(stAttr));

    case IOCTL_HID_READ_REPORT:
        if (pStack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(MP_REPORT)) {
            return MpCompleteRequest(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        if (pExt->bRemoved) {
            return MpCompleteRequest(pIrp, STATUS_DELETE_PENDING, 0);
        }
        pRead = (PMP_READ_CONTEXT)ExAllocateFromNPagedLookasideList(&g_MpGlobals.stReadLookaside);
        if (NULL == pRead) {
            return MpCompleteRequest(pIrp, STATUS_INSUFFICIENT_RESOURCES, 0);
        }
        pRead->pIrp = pIrp;
        IoMarkIrpPending(pIrp);
        KeAcquireSpinLock(&pExt->slReadLock, &kIrql);
        InsertTailList(&pExt->leReadQueue, &pRead->leLink);
        KeReleaseSpinLock(&pExt->slReadLock, kIrql);
        return STATUS_PENDING;

    default:
        return MpCompleteRequest(pIrp, STATUS_NOT_SUPPORTED, 0);
    }
}

VOID
MpPollDpc(_In_ PKDPC pDpc, _In_opt_ PVOID pvContext, _In_opt_ PVOID pvArg1, _In_opt_ PVOID pvArg2)
{
    PMP_DEVICE_EXTENSION    pExt = (PMP_DEVICE_EXTENSION)pvContext;
    PLIST_ENTRY             pEntry;
    PMP_READ_CONTEXT        pRead;
    PMP_REPORT              pReport;
    UCHAR                   bButtons;

    UNREFERENCED_PARAMETER(pDpc);
    UNREFERENCED_PARAMETER(pvArg1);
    UNREFERENCED_PARAMETER(pvArg2);

    if (NULL == pExt || NULL == pExt->pucPortBase) {
        return;
    }

    /* gameport buttons are active low in the upper nibble, we wire 8 */
    bButtons = (UCHAR)~READ_PORT_UCHAR(pExt->pucPortBase);
    if (bButtons == pExt->bLastButtons) {
        return;
    }

    KeAcquireSpinLockAtDpcLevel(&pExt->slReadLock);
    pEntry = IsListEmpty(&pExt->leReadQueue) ? NULL : RemoveHeadList(&pExt->leReadQueue);
    KeReleaseSpinLockFromDpcLevel(&pExt->slReadLock);
    if (NULL == pEntry) {
        return;
    }

    pExt->bLastButtons = bButtons;
    pRead = CONTAINING_RECORD(pEntry, MP_READ_CONTEXT, leLink);
    pReport = (PMP_REPORT)pRead->pIrp->UserBuffer;
    pReport->s.bReportId = 1;
    pReport->s.bButtons  = bButtons;
    MpCompleteRequest(pRead->pIrp, STATUS_SUCCESS, sizeof(MP_REPORT));
    ExFreeToNPagedLookasideList(&g_MpGlobals.stReadLookaside, pRead);
}

static VOID
MpCancelAllReads(PMP_DEVICE_EXTENSION pExt)
{
    PLIST_ENTRY         pEntry;
    PMP_READ_CONTEXT    pRead;
    KIRQL               kIrql;

    for (;;) {
        KeAcquireSpinLock(&pExt->slReadLock, &kIrql);
        pEntry = IsListEmpty(&pExt->leReadQueue) ? NULL : RemoveHeadList(&pExt->leReadQueue);
        KeReleaseSpinLock(&pExt->slReadLock, kIrql);
        if (NULL == pEntry) {
            break;
        }
        pRead = CONTAINING_RECORD(pEntry, MP_READ_CONTEXT, leLink);
        MpCompleteRequest(pRead->pIrp, STATUS_DEVICE_NOT_CONNECTED, 0);
        ExFreeToNPagedLookasideList(&g_MpGlobals.stReadLookaside, pRead);
    }
}

static NTSTATUS
MpStartDevice(PMP_DEVICE_EXTENSION pExt, PIO_STACK_LOCATION pStack)
{
    PCM_RESOURCE_LIST               pList = pStack->Parameters.StartDevice.AllocatedResourcesTranslated;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc;
    ULONG                           i;
    LARGE_INTEGER                   liDue;

    if (NULL == pList || 0 == pList->Count) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    for (i = 0; i < pList->List[0].PartialResourceList.Count; i++) {
        pDesc = &pList->List[0].PartialResourceList.PartialDescriptors[i];
        if (CmResourceTypePort == pDesc->Type && pDesc->u.Port.Length >= MP_PORT_SPAN) {
            pExt->pucPortBase = (PUCHAR)(ULONG_PTR)pDesc->u.Port.Start.QuadPart;
            break;
        }
    }
    if (NULL == pExt->pucPortBase) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    liDue.QuadPart = -10000LL * g_MpGlobals.ulPollMs;
    KeSetTimerEx(&pExt->stPollTimer, liDue, g_MpGlobals.ulPollMs, &pExt->stPollDpc);
    pExt->bStarted = TRUE;
    return STATUS_SUCCESS;
}

static IO_COMPLETION_ROUTINE MpSyncCompletion;

static NTSTATUS
MpSyncCompletion(PDEVICE_OBJECT pDeviceObject, PIRP pIrp, PVOID pvContext)
{
    UNREFERENCED_PARAMETER(pDeviceObject);
    UNREFERENCED_PARAMETER(pIrp);
    KeSetEvent((PKEVENT)pvContext, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
MpDispatchPnp(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PMP_DEVICE_EXTENSION    pExt   = GET_MINIDRIVER_EXTENSION(pDeviceObject);
    PIO_STACK_LOCATION      pStack = IoGetCurrentIrpStackLocation(pIrp);
    KEVENT                  kEvent;
    NTSTATUS                ntStatus;

    switch (pStack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&kEvent, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(pIrp);
        IoSetCompletionRoutine(pIrp, MpSyncCompletion, &kEvent, TRUE, TRUE, TRUE);
        ntStatus = IoCallDriver(GET_NEXT_DEVICE_OBJECT(pDeviceObject), pIrp);
        if (STATUS_PENDING == ntStatus) {
            KeWaitForSingleObject(&kEvent, Executive, KernelMode, FALSE, NULL);
            ntStatus = pIrp->IoStatus.Status;
        }
        if (NT_SUCCESS(ntStatus)) {
            ntStatus = MpStartDevice(pExt, pStack);
        }
        return MpCompleteRequest(pIrp, ntStatus, 0);

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_REMOVE_DEVICE:
        if (IRP_MN_STOP_DEVICE != pStack->MinorFunction) {
            pExt->bRemoved = TRUE;
        }
        if (pExt->bStarted) {
            KeCancelTimer(&pExt->stPollTimer);
            KeFlushQueuedDpcs();
            pExt->bStarted = FALSE;
        }
        MpCancelAllReads(pExt);
        pExt->pucPortBase = NULL;
        pIrp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    /* hidclass owns the FDO: never detach or delete it here */
    IoSkipCurrentIrpStackLocation(pIrp);
    return IoCallDriver(GET_NEXT_DEVICE_OBJECT(pDeviceObject), pIrp);
}

NTSTATUS
MpDispatchPower(_In_ PDEVICE_OBJECT pDeviceObject, _Inout_ PIRP pIrp)
{
    PoStartNextPowerIrp(pIrp);
    IoSkipCurrentIrpStackLocation(pIrp);
    return PoCallDriver(GET_NEXT_DEVICE_OBJECT(pDeviceObject), pIrp);
}

NTSTATUS
MpDispatchPassThrough(_In_ PDEVICE_OBJECT pDeviceObject, _Inout_ PIRP pIrp)
{
    IoSkipCurrentIrpStackLocation(pIrp);
    return IoCallDriver(GET_NEXT_DEVICE_OBJECT(pDeviceObject), pIrp);
}
