/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    interrupt.c

Abstract:

    Interrupt object, ISR, DPC and enable/disable callbacks for the
    DAQ-4000 function driver.

Environment:

    Kernel mode, KMDF.

--*/

#include "daq.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DaqInterruptCreate)
#endif


_Use_decl_annotations_
NTSTATUS
DaqInterruptCreate(
    WDFDEVICE Device
    )
/*++

Routine Description:

    Creates the device's single interrupt.  The framework connects it
    to whichever (line or MSI) resource the PnP manager assigns and
    calls Enable/Disable around D0 transitions.

--*/
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);
    WDF_INTERRUPT_CONFIG interruptConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    PAGED_CODE();

    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, DaqEvtInterruptIsr, DaqEvtInterruptDpc);
    interruptConfig.EvtInterruptEnable = DaqEvtInterruptEnable;
    interruptConfig.EvtInterruptDisable = DaqEvtInterruptDisable;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfInterruptCreate(Device,
                                &interruptConfig,
                                &attributes,
                                &context->Interrupt);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_INTERRUPT, "WdfInterruptCreate failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
BOOLEAN
DaqEvtInterruptIsr(
    WDFINTERRUPT Interrupt,
    ULONG MessageID
    )
/*++

Routine Description:

    Claims the interrupt if the card has anything pending, acknowledges
    it in hardware, and accumulates the cause for the DPC.

--*/
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(WdfInterruptGetDevice(Interrupt));
    ULONG pending;

    UNREFERENCED_PARAMETER(MessageID);

    if (context->Registers == NULL) {
        return FALSE;
    }

    pending = DaqReadRegister(context, DAQ_REG_INT_STATUS) & DAQ_INT_ALL;
    if (pending == 0) {
        return FALSE;
    }

    DaqWriteRegister(context, DAQ_REG_INT_STATUS, pending);

    //
    // Accumulated under the interrupt lock (held by the framework while
    // the ISR runs); the DPC takes it with WdfInterruptAcquireLock.
    //
    context->PendingInterruptStatus |= pending;

    WdfInterruptQueueDpcForIsr(Interrupt);

    return TRUE;
}


_Use_decl_annotations_
VOID
DaqEvtInterruptDpc(
    WDFINTERRUPT Interrupt,
    WDFOBJECT AssociatedObject
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext((WDFDEVICE)AssociatedObject);
    ULONG pending;

    WdfInterruptAcquireLock(Interrupt);
    pending = context->PendingInterruptStatus;
    context->PendingInterruptStatus = 0;
    WdfInterruptReleaseLock(Interrupt);

    if (pending == 0) {
        return;
    }

    WdfSpinLockAcquire(context->StateLock);

    if (pending & DAQ_INT_OVERRUN) {
        context->Overruns++;
    }

    if (pending & DAQ_INT_TRIGGER) {
        context->Triggers++;
    }

    WdfSpinLockRelease(context->StateLock);

    if (pending & DAQ_INT_OVERRUN) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_INTERRUPT, "FIFO overrun");
    }

    DaqCompleteEventWaiters(context, pending);
}


_Use_decl_annotations_
NTSTATUS
DaqEvtInterruptEnable(
    WDFINTERRUPT Interrupt,
    WDFDEVICE AssociatedDevice
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    DaqWriteRegister(context, DAQ_REG_INT_STATUS, DAQ_INT_ALL);
    DaqWriteRegister(context, DAQ_REG_INT_ENABLE, DAQ_INT_ALL);

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
DaqEvtInterruptDisable(
    WDFINTERRUPT Interrupt,
    WDFDEVICE AssociatedDevice
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    DaqWriteRegister(context, DAQ_REG_INT_ENABLE, 0);
    DaqWriteRegister(context, DAQ_REG_INT_STATUS, DAQ_INT_ALL);

    return STATUS_SUCCESS;
}
