/*++

Copyright (c) Northgate Instruments.  All rights reserved.

Module Name:

    device.c

Abstract:

    Device creation, hardware resource handling and power transitions for
    the NGI-4410 driver.

Environment:

    Kernel mode, KMDF

--*/

#include "pcidma.h"
#include <initguid.h>

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdEvtDeviceAdd)
#pragma alloc_text(PAGE, PdEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, PdEvtDeviceReleaseHardware)
#pragma alloc_text(PAGE, PdEvtDeviceD0Exit)
#endif

//
// {3C9B7E10-52A4-4C8F-B1D6-0E7A2F9C4D31}
//
DEFINE_GUID(GUID_DEVINTERFACE_NGI4410,
    0x3c9b7e10, 0x52a4, 0x4c8f, 0xb1, 0xd6, 0x0e, 0x7a, 0x2f, 0x9c, 0x4d, 0x31);

static NTSTATUS
PdCreateQueue(
    _In_ PPD_DEVICE_CONTEXT DevCtx
    )
{
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    //
    // One transfer at a time: the engine has a single descriptor ring and
    // the queue is sequential, so CurrentRequest needs no extra locking
    // against new arrivals.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = PdEvtIoRead;
    queueConfig.EvtIoWrite = PdEvtIoWrite;

    status = WdfIoQueueCreate(DevCtx->Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &DevCtx->IoQueue);
    PD_RETURN_IF_FAILED(status, "WdfIoQueueCreate failed");

    return STATUS_SUCCESS;
}

static NTSTATUS
PdCreateInterrupt(
    _In_ PPD_DEVICE_CONTEXT DevCtx
    )
{
    NTSTATUS status;
    WDF_INTERRUPT_CONFIG interruptConfig;

    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, PdEvtInterruptIsr, PdEvtInterruptDpc);
    interruptConfig.EvtInterruptEnable = PdEvtInterruptEnable;
    interruptConfig.EvtInterruptDisable = PdEvtInterruptDisable;

    status = WdfInterruptCreate(DevCtx->Device, &interruptConfig, WDF_NO_OBJECT_ATTRIBUTES,
                                &DevCtx->Interrupt);
    PD_RETURN_IF_FAILED(status, "WdfInterruptCreate failed");

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PPD_DEVICE_CONTEXT devCtx;
    PPD_DRIVER_CONTEXT drvCtx = PdGetDriverContext(Driver);

    PAGED_CODE();

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDevicePrepareHardware = PdEvtDevicePrepareHardware;
    pnpCallbacks.EvtDeviceReleaseHardware = PdEvtDeviceReleaseHardware;
    pnpCallbacks.EvtDeviceD0Entry = PdEvtDeviceD0Entry;
    pnpCallbacks.EvtDeviceD0Exit = PdEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PD_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    PD_RETURN_IF_FAILED(status, "WdfDeviceCreate failed");

    //
    // Everything below is parented to the device; on failure the framework
    // deletes the device and its children after we return an error.
    //
    devCtx = PdGetDeviceContext(device);
    devCtx->Device = device;
    devCtx->DescriptorCount = drvCtx->DescriptorCount;
    devCtx->MaxTransferLength = drvCtx->MaxTransferLength;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_NGI4410, NULL);
    PD_RETURN_IF_FAILED(status, "WdfDeviceCreateDeviceInterface failed");

    status = PdCreateQueue(devCtx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PdCreateInterrupt(devCtx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PdDmaInitialize(devCtx);
    PD_RETURN_IF_FAILED(status, "PdDmaInitialize failed");

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtDevicePrepareHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG count;
    ULONG i;

    UNREFERENCED_PARAMETER(ResourcesRaw);

    PAGED_CODE();

    count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (i = 0; i < count; i++) {

        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc == NULL) {
            continue;
        }

        if (desc->Type == CmResourceTypeMemory &&
            devCtx->Registers == NULL &&
            desc->u.Memory.Length >= sizeof(PD_REGISTERS)) {

            devCtx->Registers = (PPD_REGISTERS)MmMapIoSpaceEx(desc->u.Memory.Start,
                                                              sizeof(PD_REGISTERS),
                                                              PAGE_READWRITE | PAGE_NOCACHE);
            if (devCtx->Registers == NULL) {
                PD_TRACE_ERROR("MmMapIoSpaceEx failed", STATUS_INSUFFICIENT_RESOURCES);
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            devCtx->RegistersLength = sizeof(PD_REGISTERS);
        }
    }

    if (devCtx->Registers == NULL) {
        PD_TRACE_ERROR("register BAR not found", STATUS_DEVICE_CONFIGURATION_ERROR);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    //
    // Hold the engine in reset until D0Entry.
    //
    WRITE_REGISTER_ULONG(&devCtx->Registers->Control, PD_CTRL_RESET);
    WRITE_REGISTER_ULONG(&devCtx->Registers->IntEnable, 0);
    WRITE_REGISTER_ULONG(&devCtx->Registers->IntStatus, PD_INT_ALL);

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtDeviceReleaseHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);

    PAGED_CODE();

    if (devCtx->Registers != NULL) {
        MmUnmapIoSpace(devCtx->Registers, devCtx->RegistersLength);
        devCtx->Registers = NULL;
        devCtx->RegistersLength = 0;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    //
    // The ring address is fixed for the lifetime of the device; reprogram
    // it after every power-up because the card loses it in D3.
    //
    WRITE_REGISTER_ULONG(&devCtx->Registers->Control, 0);
    WRITE_REGISTER_ULONG(&devCtx->Registers->DescBaseLow, devCtx->DescriptorLa.LowPart);
    WRITE_REGISTER_ULONG(&devCtx->Registers->DescBaseHigh, (ULONG)devCtx->DescriptorLa.HighPart);
    WRITE_REGISTER_ULONG(&devCtx->Registers->DescCount, devCtx->DescriptorCount);
    WRITE_REGISTER_ULONG(&devCtx->Registers->Control, PD_CTRL_ENABLE);

    return STATUS_SUCCESS;
}

NTSTATUS
PdEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    PAGED_CODE();

    WRITE_REGISTER_ULONG(&devCtx->Registers->Control, PD_CTRL_RESET);

    return STATUS_SUCCESS;
}
