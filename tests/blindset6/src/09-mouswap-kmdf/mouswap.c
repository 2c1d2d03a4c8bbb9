#include "mouswap.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MswEvtDeviceAdd)
#endif

static VOID
MswReadDefaults(
    _In_ WDFDRIVER Driver
    )
{
    PMSW_DRIVER_CONTEXT ctx = MswGetDriverContext(Driver);
    WDFKEY key;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(swapName, L"SwapButtons");
    DECLARE_CONST_UNICODE_STRING(invertName, L"InvertWheel");

    ctx->DefaultSwap = TRUE;
    ctx->DefaultInvert = FALSE;

    if (!NT_SUCCESS(WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                       WDF_NO_OBJECT_ATTRIBUTES, &key))) {
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &swapName, &value))) {
        ctx->DefaultSwap = (value != 0);
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &invertName, &value))) {
        ctx->DefaultInvert = (value != 0);
    }
    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    MSW_DBG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, MswEvtDeviceAdd);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, MSW_DRIVER_CONTEXT);

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        MSW_DBG("WdfDriverCreate failed 0x%x", status);
        return status;
    }

    MswReadDefaults(driver);

#if DBG
    {
        PMSW_DRIVER_CONTEXT ctx = MswGetDriverContext(driver);
        MSW_DBG("defaults: swap=%d invert=%d", ctx->DefaultSwap, ctx->DefaultInvert);
    }
#endif

    return status;
}

NTSTATUS
MswEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PMSW_DRIVER_CONTEXT driverCtx = MswGetDriverContext(Driver);
    PMSW_DEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_MOUSE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, MSW_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        MSW_DBG("WdfDeviceCreate failed 0x%x", status);
        return status;
    }

    ctx = MswGetContext(device);
    ctx->SwapButtons = driverCtx->DefaultSwap;
    ctx->InvertWheel = driverCtx->DefaultInvert;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = MswEvtInternalIoctl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        MSW_DBG("WdfIoQueueCreate failed 0x%x", status);
        return status;
    }

    return STATUS_SUCCESS;
}

static VOID
MswForwardRequest(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        MSW_DBG("WdfRequestSend failed 0x%x", status);
        WdfRequestComplete(Request, status);
    }
}

VOID
MswEvtInternalIoctl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PMSW_DEVICE_CONTEXT ctx = MswGetContext(device);
    PCONNECT_DATA connectData;
    size_t length;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_MOUSE_CONNECT:
        if (ctx->Connected) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA),
                                               (PVOID *)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }

        NT_ASSERT(length == sizeof(CONNECT_DATA));

        ctx->UpperConnectData = *connectData;
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
#pragma warning(push)
#pragma warning(disable:4152)
        connectData->ClassService = MswServiceCallback;
#pragma warning(pop)
        ctx->Connected = TRUE;
        break;

    case IOCTL_INTERNAL_MOUSE_DISCONNECT:
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    MswForwardRequest(Request, WdfDeviceGetIoTarget(device));
}

VOID
MswServiceCallback(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PMOUSE_INPUT_DATA InputDataStart,
    _In_ PMOUSE_INPUT_DATA InputDataEnd,
    _Inout_ PULONG InputDataConsumed
    )
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    PMSW_DEVICE_CONTEXT ctx = MswGetContext(device);
    PMOUSE_INPUT_DATA p;

    for (p = InputDataStart; p < InputDataEnd; p++) {
        USHORT flags = p->ButtonFlags;

        if (ctx->SwapButtons) {
            USHORT swapped = flags & ~(MOUSE_LEFT_BUTTON_DOWN | MOUSE_LEFT_BUTTON_UP |
                                       MOUSE_RIGHT_BUTTON_DOWN | MOUSE_RIGHT_BUTTON_UP);
            if (flags & MOUSE_LEFT_BUTTON_DOWN)  swapped |= MOUSE_RIGHT_BUTTON_DOWN;
            if (flags & MOUSE_LEFT_BUTTON_UP)    swapped |= MOUSE_RIGHT_BUTTON_UP;
            if (flags & MOUSE_RIGHT_BUTTON_DOWN) swapped |= MOUSE_LEFT_BUTTON_DOWN;
            if (flags & MOUSE_RIGHT_BUTTON_UP)   swapped |= MOUSE_LEFT_BUTTON_UP;
            p->ButtonFlags = swapped;
        }

        if (ctx->InvertWheel && (p->ButtonFlags & MOUSE_WHEEL)) {
            p->ButtonData = (USHORT)(-(SHORT)p->ButtonData);
        }
        ctx->PacketsSeen++;
    }

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnectData.ClassService)(
        ctx->UpperConnectData.ClassDeviceObject,
        InputDataStart,
        InputDataEnd,
        InputDataConsumed);
}
