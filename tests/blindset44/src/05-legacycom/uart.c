/*
 *  uart.c  --  16550 access and IRP dispatch for kscom.sys
 *
 *  Polled mode only: the LPC UART on these boards has its IRQ strapped
 *  to the BMC, so we sample LSR from a periodic DPC.
 *
 *  Copyright (c) 2012-2020 Kessler Systemtechnik.  All rights reserved.
 */

#include "kscom.h"

#define KS_RD(_e_, _r_)      READ_PORT_UCHAR((_e_)->pucPortBase + (_r_))
#define KS_WR(_e_, _r_, _v_) WRITE_PORT_UCHAR((_e_)->pucPortBase + (_r_), (UCHAR)(_v_))

BOOLEAN
KsUartProbe(
    _In_ PKS_DEVICE_EXTENSION pExt
    )
{
    UCHAR ucSave = KS_RD(pExt, UART_SCR);
    UCHAR ucRead;

    /* scratch register test, same as the ROM BIOS does */
    KS_WR(pExt, UART_SCR, 0x5A);
    ucRead = KS_RD(pExt, UART_SCR);
    KS_WR(pExt, UART_SCR, ucSave);

    return (ucRead == 0x5A) ? TRUE : FALSE;
}

VOID
KsUartSetBaud(
    _In_ PKS_DEVICE_EXTENSION pExt,
    _In_ ULONG                ulBaud
    )
{
    USHORT usDivisor = (USHORT)(KS_UART_CLOCK / (16 * ulBaud));

    KS_WR(pExt, UART_IER, 0);                   /* no interrupts, polled */
    KS_WR(pExt, UART_LCR, LCR_DLAB);
    KS_WR(pExt, UART_DLL, usDivisor & 0xFF);
    KS_WR(pExt, UART_DLM, usDivisor >> 8);
    KS_WR(pExt, UART_LCR, LCR_8N1);
    KS_WR(pExt, UART_FCR, 0xC7);                /* enable + clear FIFOs, 14 byte trigger */
    KS_WR(pExt, UART_MCR, 0x03);                /* DTR | RTS */
    pExt->ulBaudRate = ulBaud;
}

VOID
KsPollDpc(_In_ PKDPC pDpc, _In_opt_ PVOID pvContext, _In_opt_ PVOID pvArg1, _In_opt_ PVOID pvArg2)
{
    PKS_DEVICE_EXTENSION pExt = (PKS_DEVICE_EXTENSION)pvContext;
    ULONG                ulNext;
    ULONG                ulBudget = 64;

    UNREFERENCED_PARAMETER(pDpc);
    UNREFERENCED_PARAMETER(pvArg1);
    UNREFERENCED_PARAMETER(pvArg2);
    if (NULL == pExt) {
        return;
    }
    KeAcquireSpinLockAtDpcLevel(&pExt->slRing);
    while (ulBudget-- && (KS_RD(pExt, UART_LSR) & LSR_DR)) {
        UCHAR ucByte = KS_RD(pExt, UART_RBR);
        ulNext = (pExt->ulHead + 1) % KS_RX_RING_SIZE;
        if (ulNext == pExt->ulTail) {
            pExt->ulOverflows++;
            continue;
        }
        pExt->pucRing[pExt->ulHead] = ucByte;
        pExt->ulHead = ulNext;
    }
    KeReleaseSpinLockFromDpcLevel(&pExt->slRing);
}

static NTSTATUS
KsComplete(PIRP pIrp, NTSTATUS ntStatus, ULONG_PTR ulInfo)
{
    pIrp->IoStatus.Status      = ntStatus;
    pIrp->IoStatus.Information = ulInfo;
    IoCompleteRequest(pIrp, IO_SERIAL_INCREMENT);
    return ntStatus;
}

NTSTATUS
KsDispatchCreateClose(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PKS_DEVICE_EXTENSION pExt   = (PKS_DEVICE_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   pStack = IoGetCurrentIrpStackLocation(pIrp);
    LARGE_INTEGER        liDue;
    KIRQL                kIrql;

    if (IRP_MJ_CREATE == pStack->MajorFunction) {
        if (1 == InterlockedIncrement(&pExt->lOpenCount)) {
            KeAcquireSpinLock(&pExt->slRing, &kIrql);
            pExt->ulHead = pExt->ulTail = 0;
            KeReleaseSpinLock(&pExt->slRing, kIrql);
            liDue.QuadPart = -10000LL * KS_POLL_INTERVAL_MS;
            KeSetTimerEx(&pExt->stPollTimer, liDue, KS_POLL_INTERVAL_MS, &pExt->stPollDpc);
        }
    } else {
        if (0 == InterlockedDecrement(&pExt->lOpenCount)) {
            KeCancelTimer(&pExt->stPollTimer);
        }
    }
    return KsComplete(pIrp, STATUS_SUCCESS, 0);
}

NTSTATUS
KsDispatchRead(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PKS_DEVICE_EXTENSION pExt   = (PKS_DEVICE_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   pStack = IoGetCurrentIrpStackLocation(pIrp);
    PUCHAR               pucOut = (PUCHAR)pIrp->AssociatedIrp.SystemBuffer;
    ULONG                cbWant = pStack->Parameters.Read.Length;
    ULONG                cbDone = 0;
    KIRQL                kIrql;

    /* non-blocking: return whatever is buffered, like READ_TIMEOUT = MAXDWORD */
    KeAcquireSpinLock(&pExt->slRing, &kIrql);
    while (cbDone < cbWant && pExt->ulTail != pExt->ulHead) {
        pucOut[cbDone++] = pExt->pucRing[pExt->ulTail];
        pExt->ulTail = (pExt->ulTail + 1) % KS_RX_RING_SIZE;
    }
    KeReleaseSpinLock(&pExt->slRing, kIrql);

    return KsComplete(pIrp, STATUS_SUCCESS, cbDone);
}

NTSTATUS
KsDispatchWrite(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PKS_DEVICE_EXTENSION pExt   = (PKS_DEVICE_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   pStack = IoGetCurrentIrpStackLocation(pIrp);
    PUCHAR               pucIn  = (PUCHAR)pIrp->AssociatedIrp.SystemBuffer;
    ULONG                cbLen  = pStack->Parameters.Write.Length;
    ULONG                i;
    ULONG                ulSpin;

    for (i = 0; i < cbLen; i++) {
        for (ulSpin = 0; ulSpin < 100000 && !(KS_RD(pExt, UART_LSR) & LSR_THRE); ulSpin++) {
            KeStallExecutionProcessor(1);
        }
        if (ulSpin == 100000) {
            return KsComplete(pIrp, STATUS_IO_TIMEOUT, i);
        }
        KS_WR(pExt, UART_THR, pucIn[i]);
    }
    return KsComplete(pIrp, STATUS_SUCCESS, cbLen);
}

NTSTATUS
KsDispatchIoctl(
    _In_ PDEVICE_OBJECT pDeviceObject,
    _Inout_ PIRP        pIrp
    )
{
    PKS_DEVICE_EXTENSION pExt   = (PKS_DEVICE_EXTENSION)pDeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   pStack = IoGetCurrentIrpStackLocation(pIrp);
    PSERIAL_BAUD_RATE    pBaud  = (PSERIAL_BAUD_RATE)pIrp->AssociatedIrp.SystemBuffer;

    switch (pStack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SERIAL_SET_BAUD_RATE:
        if (pStack->Parameters.DeviceIoControl.InputBufferLength < sizeof(SERIAL_BAUD_RATE) ||
            pBaud->BaudRate < 50 || pBaud->BaudRate > 115200) {
            return KsComplete(pIrp, STATUS_INVALID_PARAMETER, 0);
        }
        KsUartSetBaud(pExt, pBaud->BaudRate);
        return KsComplete(pIrp, STATUS_SUCCESS, 0);

    default:
        return KsComplete(pIrp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
