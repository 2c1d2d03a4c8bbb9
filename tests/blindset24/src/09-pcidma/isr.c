/*++

Copyright (c) Northgate Instruments.  All rights reserved.

Module Name:

    isr.c

Abstract:

    Interrupt service routine, DPC and interrupt enable/disable callbacks
    for the NGI-4410 driver.

Environment:

    Kernel mode, KMDF

--*/

#include "pcidma.h"

BOOLEAN
PdEvtInterruptIsr(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG MessageID
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(WdfInterruptGetDevice(Interrupt));
    ULONG status;

    UNREFERENCED_PARAMETER(MessageID);

    status = READ_REGISTER_ULONG(&devCtx->Registers->IntStatus) & PD_INT_ALL;
    if (status == 0) {
        //
        // Shared line, not ours.
        //
        return FALSE;
    }

    WRITE_REGISTER_ULONG(&devCtx->Registers->IntStatus, status);

    //
    // The ISR runs with the interrupt lock held.
    //
    devCtx->LatchedStatus |= status;

    WdfInterruptQueueDpcForIsr(Interrupt);

    return TRUE;
}

VOID
PdEvtInterruptDpc(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT AssociatedObject
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(WdfInterruptGetDevice(Interrupt));
    ULONG status;

    UNREFERENCED_PARAMETER(AssociatedObject);

    WdfInterruptAcquireLock(Interrupt);
    status = devCtx->LatchedStatus;
    devCtx->LatchedStatus = 0;
    WdfInterruptReleaseLock(Interrupt);

    if (status != 0) {
        PdDmaCompleteCurrent(devCtx, status);
    }
}

NTSTATUS
PdEvtInterruptEnable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE AssociatedDevice
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_REGISTER_ULONG(&devCtx->Registers->IntStatus, PD_INT_ALL);
    WRITE_REGISTER_ULONG(&devCtx->Registers->IntEnable, PD_INT_ALL);

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtInterruptDisable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE AssociatedDevice
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_REGISTER_ULONG(&devCtx->Registers->IntEnable, 0);

    return STATUS_SUCCESS;
}
