/*
 * usbthermo - KMDF function driver for a hobby USB thermometer (VID_16C0 PID_05DC)
 * reads 2-byte temperature samples from the interrupt IN pipe
 */
#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>

#define UT_TAG 'mrhT'

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      InterruptPipe;
    SHORT           LastSample;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UtEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE UtEvtPrepareHardware;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UtEvtDriverCleanup;

// sample records handed to the continuous reader, allocated from here
LOOKASIDE_LIST_EX g_SampleLookaside;

VOID UtEvtDriverCleanup(WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    ExDeleteLookasideListEx(&g_SampleLookaside);
}

NTSTATUS UtEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST Raw, WDFCMRESLIST Translated)
{
    UNREFERENCED_PARAMETER(Raw);
    UNREFERENCED_PARAMETER(Translated);
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);
    NTSTATUS status;
    WDF_USB_DEVICE_CREATE_CONFIG createCfg;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selCfg;

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createCfg, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createCfg,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            KdPrint(("usbthermo: UsbTargetDeviceCreate 0x%x\n", status));
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selCfg);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selCfg);
    if (!NT_SUCCESS(status))
        return status;

    ctx->UsbInterface = selCfg.Types.SingleInterface.ConfiguredUsbInterface;
    for (BYTE i = 0; i < WdfUsbInterfaceGetNumConfiguredPipes(ctx->UsbInterface); i++) {
        WDF_USB_PIPE_INFORMATION info;
        WDF_USB_PIPE_INFORMATION_INIT(&info);
        WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &info);
        if (info.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe))
            ctx->InterruptPipe = pipe;
    }
    return ctx->InterruptPipe ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

NTSTATUS UtEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attrs;
    WDFDEVICE device;
    NTSTATUS status;

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = UtEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status))
        return status;

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USB_DEVICE, NULL);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attrs;

    status = ExInitializeLookasideListEx(&g_SampleLookaside, NULL, NULL, NonPagedPoolNx,
                                         0, 64, UT_TAG, 0);
    if (!NT_SUCCESS(status))
        return status;

    WDF_DRIVER_CONFIG_INIT(&config, UtEvtDeviceAdd);
    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.EvtCleanupCallback = UtEvtDriverCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attrs, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbthermo: WdfDriverCreate failed 0x%x\n", status));
        return status;
    }

    KdPrint(("usbthermo: loaded\n"));
    return status;
}
