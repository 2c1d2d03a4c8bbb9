/*
 *  lptio.c -- IRP handling and port I/O for the LabelJet legacy driver
 *
 *  Copyright (c) 2009-2021 Brandt Etikettiertechnik
 */

#include "lptdrv.h"

#define LPT_IN(_e_, _r_)        READ_PORT_UCHAR((_e_)->pucBase + (_r_))
#define LPT_OUT(_e_, _r_, _v_)  WRITE_PORT_UCHAR((_e_)->pucBase + (_r_), (UCHAR)(_v_))

static NTSTATUS
LptComplete(PIRP pIrp, NTSTATUS ntStatus, ULONG_PTR ulInfo)
{
    pIrp->IoStatus.Status      = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_PARALLEL_INCREMENT);
    return ntStatus;
}

VOID
LptStatusDpc(_In_ PKDPC pDpc, _In_opt_ PVOID pvContext, _In_opt_ PVOID pvArg1, _In_opt_ PVOID pvArg2)
{
    PLPT_EXTENSION  pExt = (PLPT_EXTENSION)pvContext;
    UCHAR           ucStatus;
    LONG            lOld;

    UNREFERENCED_PARAMETER(pDpc);
    UNREFERENCED_PARAMETER(pvArg1);
    UNREFERENCED_PARAMETER(pvArg2);

    if (NULL == pExt) {
        return;
    }
    ucStatus = LPT_IN(pExt, LPT_REG_STATUS);
    lOld = InterlockedExchange(&pExt->lLastStatus, ucStatus);
    if ((ucStatus & LPT_STS_PAPER_OUT) && !(lOld & LPT_STS_PAPER_OUT)) {
        InterlockedIncrement(&pExt->lPaperOutEvents);
    }
}

static NTSTATUS
LptWaitNotBusy(PLPT_EXTENSION pExt)
{
    ULONG ulWaited;

    for (ulWaited = 0; ulWaited < LPT_BUSY_TIMEOUT_US; ulWaited += 10) {
        if (LPT_IN(pExt, LPT_REG_STATUS) & LPT_STS_NOT_BUSY) {
            return STATUS_SUCCESS;
        }
        KeStallExecutionProcessor(10);
    }
    return STATUS_IO_TIMEOUT;
}

NTSTATUS
LptCreateClose(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    UNREFERENCED_PARAMETER(pDeviceObject);
    return LptComplete(pIrp, STATUS_SUCCESS, 0);
}

NTSTATUS
LptWrite(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PLPT_EXTENSION      pExt   = (PLPT_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  pStack = IoGetCurrentIrpStackLocation(pIrp);
    PUCHAR              pucSrc = (PUCHAR)pIrp->AssociatedIrp.SystemBuffer;
    ULONG               cbTotal = pStack->Parameters.Write.Length;
    ULONG               cbDone = 0;
    ULONG               cbChunk;
    ULONG               i;
    UCHAR               ucCtl;
    NTSTATUS            ntStatus = STATUS_SUCCESS;

    ExAcquireFastMutex(&pExt->fmWrite);

    while (cbDone < cbTotal && NT_SUCCESS(ntStatus)) {
        cbChunk = min(cbTotal - cbDone, (ULONG)LPT_BOUNCE_SIZE);
        RtlCopyMemory(pExt->pucBounce, pucSrc + cbDone, cbChunk);

        for (i = 0; i < cbChunk; i++) {
            ntStatus = LptWaitNotBusy(pExt);
            if (!NT_SUCCESS(ntStatus)) {
                break;
            }
            LPT_OUT(pExt, LPT_REG_DATA, pExt->pucBounce[i]);
            ucCtl = LPT_IN(pExt, LPT_REG_CONTROL);
            LPT_OUT(pExt, LPT_REG_CONTROL, ucCtl | LPT_CTL_STROBE);
            KeStallExecutionProcessor(1);
            LPT_OUT(pExt, LPT_REG_CONTROL, ucCtl & ~LPT_CTL_STROBE);
            cbDone++;
        }
    }

    ExReleaseFastMutex(&pExt->fmWrite);
    return LptComplete(pIrp, ntStatus, cbDone);
}

NTSTATUS
LptDeviceControl(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PLPT_EXTENSION      pExt   = (PLPT_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  pStack = IoGetCurrentIrpStackLocation(pIrp);
    PULONG              pulOut = (PULONG)pIrp->AssociatedIrp.SystemBuffer;

    if (IOCTL_LPT_GET_STATUS != pStack->Parameters.DeviceIoControl.IoControlCode) {
        return LptComplete(pIrp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (pStack->Parameters.DeviceIoControl.OutputBufferLength < 2 * sizeof(ULONG)) {
        return LptComplete(pIrp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    pulOut[0] = (ULONG)pExt->lLastStatus;
    pulOut[1] = (ULONG)pExt->lPaperOutEvents;
    return LptComplete(pIrp, STATUS_SUCCESS, 2 * sizeof(ULONG));
}
