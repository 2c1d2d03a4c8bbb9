/*++

Module Name:

    device.c

Abstract:

    EvtDriverDeviceAdd and the I/O queues of a fan device.

--*/
#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ThermionEvtDeviceAdd)
#endif

NTSTATUS
ThermionEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PDEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx = DeviceGetContext(device);
    ctx->Device = device;
    ctx->DutyCycle = 40;

    //
    // Default queue: parallel, handles GET_RPM directly and forwards the
    // rest to the other two queues.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = ThermionEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &ctx->AlarmQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = ThermionEvtPowerIoctl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &ctx->PowerQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_THERMION_FAN, NULL);
}

VOID
ThermionEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    PULONG rpm;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_THERMION_GET_RPM:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&rpm, NULL);
        if (NT_SUCCESS(status)) {
            *rpm = ctx->LastRpm;
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
            return;
        }
        break;

    case IOCTL_THERMION_WAIT_ALARM:
        status = WdfRequestForwardToIoQueue(Request, ctx->AlarmQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    case IOCTL_THERMION_SET_DUTY:
        status = WdfRequestForwardToIoQueue(Request, ctx->PowerQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        UNREFERENCED_PARAMETER(OutputBufferLength);
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}

VOID
ThermionEvtPowerIoctl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    PULONG duty;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&duty, NULL);
    if (NT_SUCCESS(status)) {
        ctx->DutyCycle = (*duty > 100) ? 100 : *duty;
    }
    WdfRequestComplete(Request, status);
}
