/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    device.c

Abstract:

    Device creation and PnP/power callbacks for the DAQ-4000 function
    driver: BAR mapping, hardware reset and D0 transitions.

Environment:

    Kernel mode, KMDF.

--*/

#include "daq.h"

static
NTSTATUS
DaqResetHardware(
    _In_ PDAQ_DEVICE_CONTEXT Context
    );

EVT_WDF_OBJECT_CONTEXT_CLEANUP DaqEvtDeviceContextCleanup;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DaqEvtDeviceAdd)
#pragma alloc_text(PAGE, DaqEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, DaqEvtDeviceReleaseHardware)
#pragma alloc_text(PAGE, DaqEvtDeviceD0Exit)
#pragma alloc_text(PAGE, DaqEvtDeviceContextCleanup)
#endif


_Use_decl_annotations_
NTSTATUS
DaqEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PDAQ_DEVICE_CONTEXT context;
    PDAQ_DRIVER_CONTEXT driverContext = DaqGetDriverContext(Driver);
    NTSTATUS status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = DaqEvtDevicePrepareHardware;
    pnpPowerCallbacks.EvtDeviceReleaseHardware = DaqEvtDeviceReleaseHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry = DaqEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = DaqEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DAQ_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = DaqEvtDeviceContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    //
    // Balanced by DaqEvtDeviceContextCleanup, which the framework calls
    // even if the rest of this routine fails.
    //
    InterlockedIncrement(&driverContext->DeviceCount);

    context = DaqGetDeviceContext(device);
    context->Device = device;
    context->SampleRate = driverContext->DefaultSampleRate;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfSpinLockCreate(&attributes, &context->StateLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_DAQ4K, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "device interface failed 0x%08X", status);
        return status;
    }

    status = DaqQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = DaqInterruptCreate(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "device %p added", device);

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
DaqEvtDeviceContextCleanup(
    WDFOBJECT Device
    )
{
    PDAQ_DRIVER_CONTEXT driverContext = DaqGetDriverContext(WdfGetDriver());

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Device);

    InterlockedDecrement(&driverContext->DeviceCount);
}


_Use_decl_annotations_
NTSTATUS
DaqEvtDevicePrepareHardware(
    WDFDEVICE Device,
    WDFCMRESLIST ResourcesRaw,
    WDFCMRESLIST ResourcesTranslated
    )
/*++

Routine Description:

    Maps BAR0.  The interrupt resource is consumed by the framework for
    the WDFINTERRUPT created in DaqEvtDeviceAdd.

--*/
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR descriptor;
    ULONG count;
    ULONG i;
    ULONG id;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(ResourcesRaw);

    count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (i = 0; i < count; i++) {

        descriptor = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (descriptor == NULL) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }

        if (descriptor->Type == CmResourceTypeMemory && context->Registers == NULL) {

            if (descriptor->u.Memory.Length < DAQ_BAR0_MIN_LENGTH) {
                TraceEvents(TRACE_LEVEL_ERROR, TRACE_HW, "BAR0 too small: %lu", descriptor->u.Memory.Length);
                return STATUS_DEVICE_CONFIGURATION_ERROR;
            }

            context->RegistersPhysical = descriptor->u.Memory.Start;
            context->RegistersLength = descriptor->u.Memory.Length;
            context->Registers = (PUCHAR)MmMapIoSpaceEx(descriptor->u.Memory.Start,
                                                        descriptor->u.Memory.Length,
                                                        PAGE_READWRITE | PAGE_NOCACHE);
            if (context->Registers == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
        }
    }

    if (context->Registers == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_HW, "no memory resource");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    id = DaqReadRegister(context, DAQ_REG_ID);
    if (id != DAQ_EXPECTED_ID) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_HW, "unexpected ID 0x%08X", id);

        //
        // ReleaseHardware is called by the framework even when
        // PrepareHardware fails, which unmaps the BAR.
        //
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    return DaqResetHardware(context);
}


_Use_decl_annotations_
NTSTATUS
DaqEvtDeviceReleaseHardware(
    WDFDEVICE Device,
    WDFCMRESLIST ResourcesTranslated
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);

    PAGED_CODE();

    UNREFERENCED_PARAMETER(ResourcesTranslated);

    if (context->Registers != NULL) {
        MmUnmapIoSpace(context->Registers, context->RegistersLength);
        context->Registers = NULL;
        context->RegistersLength = 0;
    }

    return STATUS_SUCCESS;
}


static
NTSTATUS
DaqResetHardware(
    _In_ PDAQ_DEVICE_CONTEXT Context
    )
{
    ULONG spin;

    DaqWriteRegister(Context, DAQ_REG_INT_ENABLE, 0);
    DaqWriteRegister(Context, DAQ_REG_CONTROL, DAQ_CTRL_RESET);

    for (spin = 0; spin < 100; spin++) {
        if ((DaqReadRegister(Context, DAQ_REG_CONTROL) & DAQ_CTRL_RESET) == 0) {
            DaqWriteRegister(Context, DAQ_REG_INT_STATUS, DAQ_INT_ALL);
            return STATUS_SUCCESS;
        }
        KeStallExecutionProcessor(10);
    }

    TraceEvents(TRACE_LEVEL_ERROR, TRACE_HW, "reset timed out");
    return STATUS_IO_TIMEOUT;
}


_Use_decl_annotations_
NTSTATUS
DaqEvtDeviceD0Entry(
    WDFDEVICE Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
/*++

Routine Description:

    Restores programmable state.  Interrupts are enabled afterwards by
    the framework through DaqEvtInterruptEnable.

--*/
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);
    PDAQ_DRIVER_CONTEXT driverContext = DaqGetDriverContext(WdfGetDriver());

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "D0Entry from D%d", PreviousState - WdfPowerDeviceD0);

    DaqWriteRegister(context, DAQ_REG_SAMPLE_RATE, context->SampleRate);
    DaqWriteRegister(context, DAQ_REG_FIFO_THRESHOLD, driverContext->FifoThreshold);

    if (context->Running) {
        DaqWriteRegister(context, DAQ_REG_CONTROL, DAQ_CTRL_RUN);
    }

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
DaqEvtDeviceD0Exit(
    WDFDEVICE Device,
    WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "D0Exit to %d", TargetState);

    //
    // Stop acquisition but remember that it was running so D0Entry can
    // resume it.
    //
    DaqWriteRegister(context, DAQ_REG_CONTROL, 0);

    return STATUS_SUCCESS;
}
