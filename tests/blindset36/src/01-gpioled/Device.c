/*
 * Device.c - device add, hardware resources and interrupt handling.
 */
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>       /* instantiate GUID_DEVINTERFACE_GPIOLED here */

#include "Driver.h"
#include "Device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, GpioLedEvtDeviceAdd)
#pragma alloc_text (PAGE, GpioLedEvtPrepareHardware)
#pragma alloc_text (PAGE, GpioLedEvtReleaseHardware)
#endif

NTSTATUS
GpioLedEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           deviceAttributes;
    WDF_INTERRUPT_CONFIG            interruptConfig;
    PDEVICE_CONTEXT                 devCtx;
    WDFDEVICE                       device;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = GpioLedEvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceReleaseHardware = GpioLedEvtReleaseHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    devCtx = DeviceGetContext(device);
    devCtx->Device = device;

    //
    // Interrupt object. The framework connects/disconnects it around
    // D0Entry/D0Exit, EvtInterruptEnable unmasks the button line.
    //
    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig,
                              GpioLedEvtInterruptIsr,
                              GpioLedEvtInterruptDpc);
    interruptConfig.EvtInterruptEnable  = GpioLedEvtInterruptEnable;
    interruptConfig.EvtInterruptDisable = GpioLedEvtInterruptDisable;

    status = WdfInterruptCreate(device,
                                &interruptConfig,
                                WDF_NO_OBJECT_ATTRIBUTES,
                                &devCtx->Interrupt);
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DEVICE,
                "WdfInterruptCreate %!STATUS!", status);

    status = GpioLedQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device,
                                            &GUID_DEVINTERFACE_GPIOLED,
                                            NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Exit");
    return STATUS_SUCCESS;
}

NTSTATUS
GpioLedEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG i, count;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (i = 0; i < count; i++) {
        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc == NULL) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }

        if (desc->Type == CmResourceTypeMemory && devCtx->RegBase == NULL) {
            if (desc->u.Memory.Length < LED_REG_WINDOW_MIN) {
                return STATUS_DEVICE_CONFIGURATION_ERROR;
            }
            devCtx->RegBase = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start,
                                                     desc->u.Memory.Length,
                                                     PAGE_READWRITE | PAGE_NOCACHE);
            if (devCtx->RegBase == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            devCtx->RegLength = desc->u.Memory.Length;
        }
    }

    if (devCtx->RegBase == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no register window");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WRITE_LED_REG(devCtx, LED_REG_CTRL, 0);
    devCtx->LedShadow = 0;
    return STATUS_SUCCESS;
}

NTSTATUS
GpioLedEvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (devCtx->RegBase != NULL) {
        MmUnmapIoSpace(devCtx->RegBase, devCtx->RegLength);
        devCtx->RegBase = NULL;
        devCtx->RegLength = 0;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
GpioLedEvtInterruptEnable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_LED_REG(devCtx, LED_REG_INTACK, 0xFFFFFFFF);
    WRITE_LED_REG(devCtx, LED_REG_INTMASK, LED_INTMASK_BUTTON);
    return STATUS_SUCCESS;
}

NTSTATUS
GpioLedEvtInterruptDisable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WRITE_LED_REG(devCtx, LED_REG_INTMASK, 0);
    return STATUS_SUCCESS;
}

BOOLEAN
GpioLedEvtInterruptIsr(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG        MessageID
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG status;

    UNREFERENCED_PARAMETER(MessageID);

    status = READ_LED_REG(devCtx, LED_REG_STATUS);
    if ((status & LED_STATUS_BUTTON) == 0) {
        return FALSE;           /* shared line, not ours */
    }

    WRITE_LED_REG(devCtx, LED_REG_INTACK, LED_STATUS_BUTTON);
    devCtx->LatchedStatus = status;

    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

VOID
GpioLedEvtInterruptDpc(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT    AssociatedObject
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext((WDFDEVICE)AssociatedObject);
    WDFREQUEST request;
    PULONG out;
    ULONG latched;
    NTSTATUS status;

    WdfInterruptAcquireLock(Interrupt);
    latched = devCtx->LatchedStatus;
    WdfInterruptReleaseLock(Interrupt);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_INTERRUPT, "button status 0x%08x", latched);

    //
    // Complete every parked waiter with the latched status.
    //
    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(devCtx->ButtonQueue, &request))) {
        status = WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = latched;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(ULONG));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}
