/*
 *  lptdrv.c -- DriverEntry / Unload for the LabelJet legacy driver
 *
 *  Copyright (c) 2009-2021 Brandt Etikettiertechnik
 */

#include "lptdrv.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LptUnload)
#endif

static NTSTATUS
LptClaimPorts(PDRIVER_OBJECT pDriverObject, PLPT_EXTENSION pExt, BOOLEAN bClaim)
{
    CM_RESOURCE_LIST                stList;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR pDesc;
    BOOLEAN                         bConflict = FALSE;
    NTSTATUS                        ntStatus;

    if (!bClaim) {
        /* an empty list releases whatever we reported before */
        return IoReportResourceForDetection(pDriverObject, NULL, 0, NULL, NULL, 0, &bConflict);
    }

    RtlZeroMemory(&stList, sizeof(stList));
    stList.Count = 1;
    stList.List[0].InterfaceType = Isa;
    stList.List[0].PartialResourceList.Version  = 1;
    stList.List[0].PartialResourceList.Revision = 1;
    stList.List[0].PartialResourceList.Count    = 1;
    pDesc = &stList.List[0].PartialResourceList.PartialDescriptors[0];
    pDesc->Type                 = CmResourceTypePort;
    pDesc->ShareDisposition     = CmResourceShareDriverExclusive;
    pDesc->Flags                = CM_RESOURCE_PORT_IO | CM_RESOURCE_PORT_10_BIT_DECODE;
    pDesc->u.Port.Start.QuadPart = (LONGLONG)(ULONG_PTR)pExt->pucBase;
    pDesc->u.Port.Length        = LPT_PORT_SPAN;

    ntStatus = IoReportResourceForDetection(pDriverObject, &stList, sizeof(stList),
                                            NULL, NULL, 0, &bConflict);
    if (NT_SUCCESS(ntStatus) && bConflict) {
        /* the claim was recorded even though it conflicts: take it back */
        IoReportResourceForDetection(pDriverObject, NULL, 0, NULL, NULL, 0, &bConflict);
        ntStatus = STATUS_CONFLICTING_ADDRESSES;
    }
    return ntStatus;
}

static BOOLEAN
LptProbe(PLPT_EXTENSION pExt)
{
    UCHAR ucOld = READ_PORT_UCHAR(pExt->pucBase + LPT_REG_DATA);
    UCHAR ucGot;

    WRITE_PORT_UCHAR(pExt->pucBase + LPT_REG_DATA, 0xA5);
    ucGot = READ_PORT_UCHAR(pExt->pucBase + LPT_REG_DATA);
    WRITE_PORT_UCHAR(pExt->pucBase + LPT_REG_DATA, ucOld);
    return (ucGot == 0xA5);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  pDriverObject,
    _In_ PUNICODE_STRING pRegistryPath
    )
{
    NTSTATUS        ntStatus = STATUS_SUCCESS;
    PDEVICE_OBJECT  pDevice = NULL;
    PLPT_EXTENSION  pExt = NULL;
    UNICODE_STRING  ustrNtName;
    LARGE_INTEGER   liDue;

    UNREFERENCED_PARAMETER(pRegistryPath);

    LPT_DBG(("lptdrv: DriverEntry\n"));

    RtlInitUnicodeString(&ustrNtName, LPT_NT_NAME);
    ntStatus = IoCreateDevice(pDriverObject, sizeof(LPT_EXTENSION), &ustrNtName,
                              FILE_DEVICE_PARALLEL_PORT, FILE_DEVICE_SECURE_OPEN,
                              TRUE, &pDevice);
    LPT_BAIL_IF(!NT_SUCCESS(ntStatus), ntStatus, Exit, "IoCreateDevice");

    pExt = (PLPT_EXTENSION)pDevice->DeviceExtension;
    RtlZeroMemory(pExt, sizeof(*pExt));
    pExt->pDevice = pDevice;
    pExt->pucBase = (PUCHAR)(ULONG_PTR)LPT_DEFAULT_BASE;
    RtlInitUnicodeString(&pExt->ustrNtName, LPT_NT_NAME);
    RtlInitUnicodeString(&pExt->ustrDosName, LPT_DOS_NAME);
    ExInitializeFastMutex(&pExt->fmWrite);
    KeInitializeTimer(&pExt->stStatusTimer);
    KeInitializeDpc(&pExt->stStatusDpc, LptStatusDpc, pExt);

    pExt->pucBounce = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, LPT_BOUNCE_SIZE, LPT_TAG);
    LPT_BAIL_IF(NULL == pExt->pucBounce, STATUS_INSUFFICIENT_RESOURCES, Exit, "bounce buffer");

    ntStatus = LptClaimPorts(pDriverObject, pExt, TRUE);
    LPT_BAIL_IF(!NT_SUCCESS(ntStatus), ntStatus, Exit, "LptClaimPorts");
    pExt->bResourcesClaimed = TRUE;

    LPT_BAIL_IF(!LptProbe(pExt), STATUS_NO_SUCH_DEVICE, Exit, "LptProbe");

    ntStatus = IoCreateSymbolicLink(&pExt->ustrDosName, &pExt->ustrNtName);
    LPT_BAIL_IF(!NT_SUCCESS(ntStatus), ntStatus, Exit, "IoCreateSymbolicLink");
    pExt->bLinkCreated = TRUE;

    /* printer reset: pulse nINIT, then select */
    WRITE_PORT_UCHAR(pExt->pucBase + LPT_REG_CONTROL, LPT_CTL_SELECT_IN);
    KeStallExecutionProcessor(50);
    WRITE_PORT_UCHAR(pExt->pucBase + LPT_REG_CONTROL, LPT_CTL_SELECT_IN | LPT_CTL_NOT_INIT);

    pDriverObject->MajorFunction[IRP_MJ_CREATE]         = LptCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_CLOSE]          = LptCreateClose;
    pDriverObject->MajorFunction[IRP_MJ_WRITE]          = LptWrite;
    pDriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LptDeviceControl;
    pDriverObject->DriverUnload                         = LptUnload;

    pDevice->Flags |= DO_BUFFERED_IO;
    pDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    /* status watcher last: everything it touches exists now */
    liDue.QuadPart = -10000LL * LPT_STATUS_POLL_MS;
    KeSetTimerEx(&pExt->stStatusTimer, liDue, LPT_STATUS_POLL_MS, &pExt->stStatusDpc);

    LPT_DBG(("lptdrv: LABELJET0 at %p\n", pExt->pucBase));
    return STATUS_SUCCESS;

Exit:
    if (NULL != pExt) {
        if (pExt->bLinkCreated) {
            IoDeleteSymbolicLink(&pExt->ustrDosName);
        }
        if (pExt->bResourcesClaimed) {
            LptClaimPorts(pDriverObject, pExt, FALSE);
        }
        if (NULL != pExt->pucBounce) {
            ExFreePoolWithTag(pExt->pucBounce, LPT_TAG);
        }
    }
    if (NULL != pDevice) {
        IoDeleteDevice(pDevice);
    }
    return ntStatus;
}

VOID
LptUnload(
    _In_ PDRIVER_OBJECT pDriverObject
    )
{
    PDEVICE_OBJECT  pDevice = pDriverObject->DeviceObject;
    PLPT_EXTENSION  pExt;

    PAGED_CODE();

    LPT_DBG(("lptdrv: Unload\n"));
    if (NULL == pDevice) {
        return;
    }
    pExt = (PLPT_EXTENSION)pDevice->DeviceExtension;

    /* 1. stop the status DPC and wait out one that is already queued */
    KeCancelTimer(&pExt->stStatusTimer);
    KeFlushQueuedDpcs();

    /* 2. no new opens */
    if (pExt->bLinkCreated) {
        IoDeleteSymbolicLink(&pExt->ustrDosName);
        pExt->bLinkCreated = FALSE;
    }

    /* 3. hardware and resources */
    WRITE_PORT_UCHAR(pExt->pucBase + LPT_REG_CONTROL, LPT_CTL_NOT_INIT);
    if (pExt->bResourcesClaimed) {
        LptClaimPorts(pDriverObject, pExt, FALSE);
        pExt->bResourcesClaimed = FALSE;
    }

    /* 4. memory, then the device object that holds the extension */
    if (NULL != pExt->pucBounce) {
        ExFreePoolWithTag(pExt->pucBounce, LPT_TAG);
        pExt->pucBounce = NULL;
    }
    IoDeleteDevice(pDevice);
}
