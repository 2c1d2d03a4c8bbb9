/*++

Module Name:

    device.c

Abstract:

    EvtDriverDeviceAdd and the PnP/power callbacks for the FC-4.

--*/

#include "fanctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FanEvtDeviceAdd)
#pragma alloc_text(PAGE, FanEvtPrepareHardware)
#pragma alloc_text(PAGE, FanEvtReleaseHardware)
#endif

/*++

Routine Description:

    Called by the framework in response to AddDevice.  Creates the device,
    its two queues, the poll timer and the device interface.  Every object
    is parented to the device, so on failure the framework deletes what
    was already created when it deletes the device.

--*/
_Use_decl_annotations_
NTSTATUS
FanEvtDeviceAdd(
    WDFDRIVER       Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDF_TIMER_CONFIG                timerConfig;
    PFAN_DEVICE_CONTEXT             devContext;
    WDFDEVICE                       device;
    NTSTATUS                        status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = FanEvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceReleaseHardware = FanEvtReleaseHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry         = FanEvtD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit          = FanEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FAN_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    devContext = FanGetDeviceContext(device);
    devContext->Device = device;
    devContext->PollIntervalMs = FanGetDriverContext(Driver)->PollIntervalMs;

    // default queue: all IOCTLs land here
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = FanEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &devContext->IoctlQueue);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfIoQueueCreate(default) failed 0x%08X", status);
        return status;
    }

    //
    // Manual queue for parked IOCTL_FAN_WAIT_ALARM requests.  Not power
    // managed so the alarms stay parked across Dx.
    //

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &devContext->AlarmQueue);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfIoQueueCreate(alarm) failed 0x%08X", status);
        return status;
    }

    // periodic RPM poll; started in D0Entry, stopped in D0Exit
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, FanEvtPollTimer, devContext->PollIntervalMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &devContext->PollTimer);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfTimerCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_FANCTL, NULL);
    if (!NT_SUCCESS(status)) {
        FanPrint(DPFLTR_ERROR_LEVEL, "WdfDeviceCreateDeviceInterface failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FanEvtPrepareHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesRaw,
    WDFCMRESLIST ResourcesTranslated
    )
{
    PFAN_DEVICE_CONTEXT             devContext = FanGetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG                           i;

    UNREFERENCED_PARAMETER(ResourcesRaw);

    PAGED_CODE();

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {

        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);

        if (desc != NULL &&
            desc->Type == CmResourceTypeMemory &&
            desc->u.Memory.Length >= FAN_REG_WINDOW) {

            devContext->Registers = (PULONG)MmMapIoSpaceEx(desc->u.Memory.Start, FAN_REG_WINDOW,
                                                           PAGE_READWRITE | PAGE_NOCACHE);
            if (devContext->Registers == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            devContext->RegistersLength = FAN_REG_WINDOW;
            return STATUS_SUCCESS;
        }
    }

    FanPrint(DPFLTR_ERROR_LEVEL, "register window not found");
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

_Use_decl_annotations_
NTSTATUS
FanEvtReleaseHardware(
    WDFDEVICE    Device,
    WDFCMRESLIST ResourcesTranslated
    )
{
    PFAN_DEVICE_CONTEXT devContext = FanGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);

    PAGED_CODE();

    if (devContext->Registers != NULL) {
        MmUnmapIoSpace(devContext->Registers, devContext->RegistersLength);
        devContext->Registers = NULL;
    }
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FanEvtD0Entry(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PFAN_DEVICE_CONTEXT devContext = FanGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(devContext->PollTimer, WDF_REL_TIMEOUT_IN_MS(devContext->PollIntervalMs));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
FanEvtD0Exit(
    WDFDEVICE              Device,
    WDF_POWER_DEVICE_STATE TargetState
    )
{
    PFAN_DEVICE_CONTEXT devContext = FanGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    // wait for a running poll so nothing touches the registers once the
    // hardware is released
    WdfTimerStop(devContext->PollTimer, TRUE);
    return STATUS_SUCCESS;
}
