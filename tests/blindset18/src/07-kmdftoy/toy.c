// toy.c - KMDF driver for my "toy" root-enumerated device
// install with: devcon install toy.inf Root\KmdfToy
//
// Pretends to drive an LED that user mode can switch with two IOCTLs.
// Mostly me learning the PnP/power callbacks.

#include "toy.h"

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    KdPrint(("ToyDriver: DriverEntry - %wZ\n", RegistryPath));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = ToyEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, ToyEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ToyDriver: WdfDriverCreate failed with status 0x%x\n", status));
    }

    KdPrint(("ToyDriver: DriverEntry done\n"));
    return STATUS_SUCCESS;
}

NTSTATUS
ToyEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PTOY_DEVICE_CONTEXT devCtx;

    UNREFERENCED_PARAMETER(Driver);

    KdPrint(("ToyDriver: EvtDeviceAdd\n"));

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDeviceD0Entry = ToyEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = ToyEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, TOY_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ToyDriver: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    devCtx = ToyGetContext(device);
    devCtx->LedState = 0;
    devCtx->PowerUps = 0;
    devCtx->InD0 = FALSE;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_TOY, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ToyDriver: WdfDeviceCreateDeviceInterface failed 0x%x\n", status));
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = ToyEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ToyDriver: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
ToyEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PTOY_DEVICE_CONTEXT devCtx = ToyGetContext(Device);

    KdPrint(("ToyDriver: D0Entry from D%d\n", PreviousState - WdfPowerDeviceD0));
    devCtx->InD0 = TRUE;
    devCtx->PowerUps++;
    return STATUS_SUCCESS;
}

NTSTATUS
ToyEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PTOY_DEVICE_CONTEXT devCtx = ToyGetContext(Device);

    KdPrint(("ToyDriver: D0Exit to D%d\n", TargetState - WdfPowerDeviceD0));
    devCtx->InD0 = FALSE;
    return STATUS_SUCCESS;
}

VOID
ToyEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    size_t bytes = 0;
    PULONG buffer = NULL;
    PTOY_DEVICE_CONTEXT devCtx = ToyGetContext(WdfIoQueueGetDevice(Queue));

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TOY_GET_LED:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            *buffer = devCtx->LedState;
            bytes = sizeof(ULONG);
        }
        break;

    case IOCTL_TOY_SET_LED:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            devCtx->LedState = (*buffer != 0) ? 1 : 0;
            KdPrint(("ToyDriver: LED %s\n", devCtx->LedState ? "on" : "off"));
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, bytes);
}

VOID
ToyEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    KdPrint(("ToyDriver: driver cleanup\n"));
}
