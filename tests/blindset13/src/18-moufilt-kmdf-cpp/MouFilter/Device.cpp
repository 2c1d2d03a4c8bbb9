//
// Device.cpp - upper filter below mouclass: hooks the class service callback
// on IOCTL_INTERNAL_MOUSE_CONNECT and rewrites packets on their way up.
//
#include "MouFilter.h"

namespace mf {

Transform Settings::s_transform = Transform::SwapButtons;

NTSTATUS Settings::Load(WDFDRIVER Driver)
{
    WDFKEY key;
    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DECLARE_CONST_UNICODE_STRING(name, L"Transform");
    ULONG value = 0;
    status = WdfRegistryQueryULong(key, &name, &value);
    if (NT_SUCCESS(status)) {
        s_transform = static_cast<Transform>(value & 0x7);
    }
    WdfRegistryClose(key);
    return status;
}

NTSTATUS EvtDeviceAdd(WDFDRIVER, PWDFDEVICE_INIT DeviceInit)
{
    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_MOUSE);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        MF_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    // Internal IOCTLs arrive at DISPATCH_LEVEL from mouclass; parallel is fine.
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = EvtInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        MF_LOG("WdfIoQueueCreate 0x%08X", status);
    }
    return status;
}

static void ForwardAndForget(WDFREQUEST Request, WDFIOTARGET Target)
{
    WDF_REQUEST_SEND_OPTIONS options;
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        MF_LOG("WdfRequestSend 0x%08X", status);
        WdfRequestComplete(Request, status);
    }
}

void EvtInternalDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t, size_t InputBufferLength,
                              ULONG IoControlCode)
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    auto ctx = GetDeviceContext(device);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_MOUSE_CONNECT: {
        if (ctx->UpperConnectData.ClassService != nullptr) {
            WdfRequestComplete(Request, STATUS_SHARING_VIOLATION);
            return;
        }
        PCONNECT_DATA connect = nullptr;
        NTSTATUS status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA),
                                                        reinterpret_cast<PVOID*>(&connect), nullptr);
        if (!NT_SUCCESS(status) || InputBufferLength < sizeof(CONNECT_DATA)) {
            WdfRequestComplete(Request, NT_SUCCESS(status) ? STATUS_INVALID_PARAMETER : status);
            return;
        }
        // remember mouclass's callback, hand ours down instead
        ctx->UpperConnectData = *connect;
        connect->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
        connect->ClassService = reinterpret_cast<PVOID>(ServiceCallback);
        break;
    }
    case IOCTL_INTERNAL_MOUSE_DISCONNECT:
        // same as the WDK sample: disconnect is not supported
        WdfRequestComplete(Request, STATUS_NOT_IMPLEMENTED);
        return;
    default:
        break;
    }

    ForwardAndForget(Request, WdfDeviceGetIoTarget(device));
}

VOID ServiceCallback(PDEVICE_OBJECT DeviceObject, PMOUSE_INPUT_DATA InputDataStart,
                     PMOUSE_INPUT_DATA InputDataEnd, PULONG InputDataConsumed)
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    auto ctx = GetDeviceContext(device);
    const auto transform = Settings::Current();

    for (auto p = InputDataStart; p < InputDataEnd; ++p) {
        Apply(transform, *p);
        ++ctx->Packets;
    }

    auto upper = reinterpret_cast<PSERVICE_CALLBACK_ROUTINE>(ctx->UpperConnectData.ClassService);
    upper(ctx->UpperConnectData.ClassDeviceObject, InputDataStart, InputDataEnd, InputDataConsumed);
}

} // namespace mf
