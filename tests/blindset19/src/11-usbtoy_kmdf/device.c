/*
 * device.c - UsbToy device object, USB configuration, IOCTL queue
 */
#include "usbtoy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UsbToyEvtDeviceAdd)
#pragma alloc_text(PAGE, UsbToyEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, UsbToyEvtIoDeviceControl)
#endif

NTSTATUS
UsbToyEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = UsbToyEvtDevicePrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: WdfDeviceCreate failed 0x%08X\n", status));
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = UsbToyEvtIoDeviceControl;

    /* synchronous control transfers need PASSIVE_LEVEL */
    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(device, &queueConfig, &queueAttributes, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: WdfIoQueueCreate failed 0x%08X\n", status));
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBTOY, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: WdfDeviceCreateDeviceInterface failed 0x%08X\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
UsbToyEvtDevicePrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST ResourceList,
                               _In_ WDFCMRESLIST ResourceListTranslated)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS configParams;
    WDF_USB_PIPE_INFORMATION pipeInfo;
    UCHAR numPipes, i;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            KdPrint(("UsbToy: WdfUsbTargetDeviceCreateWithParameters failed 0x%08X\n", status));
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&configParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &configParams);
    if (!NT_SUCCESS(status)) {
        KdPrint(("UsbToy: WdfUsbTargetDeviceSelectConfig failed 0x%08X\n", status));
        return status;
    }

    ctx->UsbInterface = configParams.Types.SingleInterface.ConfiguredUsbInterface;
    numPipes = configParams.Types.SingleInterface.NumberConfiguredPipes;
    ctx->InterruptPipe = NULL;

    for (i = 0; i < numPipes; i++) {
        WDFUSBPIPE pipe;

        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &pipeInfo);
        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->InterruptPipe = pipe;
        }
    }

    if (ctx->InterruptPipe == NULL) {
        KdPrint(("UsbToy: no interrupt IN pipe, wrong firmware?\n"));
        return STATUS_INVALID_DEVICE_STATE;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS
UsbToyVendorRequest(_In_ PDEVICE_CONTEXT ctx, _In_ BOOLEAN toDevice, _In_ UCHAR request,
                    _Inout_ PUCHAR value)
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_MEMORY_DESCRIPTOR memDesc;
    WDF_REQUEST_SEND_OPTIONS sendOptions;

    WDF_REQUEST_SEND_OPTIONS_INIT(&sendOptions, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&sendOptions, WDF_REL_TIMEOUT_IN_SEC(2));

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet,
                                             toDevice ? BmRequestHostToDevice : BmRequestDeviceToHost,
                                             BmRequestToDevice, request, 0, 0);
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, value, sizeof(UCHAR));

    return WdfUsbTargetDeviceSendControlTransferSynchronously(ctx->UsbDevice, WDF_NO_HANDLE,
                                                              &sendOptions, &packet, &memDesc, NULL);
}

VOID
UsbToyEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                         _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCHAR inBuf = NULL;
    PUCHAR outBuf = NULL;
    ULONG_PTR info = 0;
    NTSTATUS status;
    UCHAR value;
    ULONG step;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    PAGED_CODE();

    switch (IoControlCode) {
    case IOCTL_USBTOY_GET_BAR:
    case IOCTL_USBTOY_GET_SWITCHES:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(UCHAR), (PVOID *)&outBuf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        value = 0;
        status = UsbToyVendorRequest(ctx, FALSE,
                                     IoControlCode == IOCTL_USBTOY_GET_BAR ? USBTOY_REQ_GET_BAR
                                                                           : USBTOY_REQ_GET_SWITCHES,
                                     &value);
        if (NT_SUCCESS(status)) {
            *outBuf = value;
            info = sizeof(UCHAR);
        }
        break;

    case IOCTL_USBTOY_SET_BAR:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), (PVOID *)&inBuf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        value = *inBuf;
        status = UsbToyVendorRequest(ctx, TRUE, USBTOY_REQ_SET_BAR, &value);
        if (NT_SUCCESS(status)) {
            ctx->CurrentBar = value;
        }
        break;

    case IOCTL_USBTOY_PLAY_PATTERN:
    {
        LARGE_INTEGER delay;

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), (PVOID *)&inBuf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (*inBuf >= USBTOY_PATTERN_COUNT || g_Patterns == NULL) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        delay.QuadPart = -10 * 1000 * 120;      /* 120 ms per step */
        for (step = 0; step < USBTOY_PATTERN_STEPS; step++) {
            value = g_Patterns[*inBuf].Steps[step];
            status = UsbToyVendorRequest(ctx, TRUE, USBTOY_REQ_SET_BAR, &value);
            if (!NT_SUCCESS(status)) {
                break;
            }
            KeDelayExecutionThread(KernelMode, FALSE, &delay);
        }
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
