//
// driver.cpp - DriverEntry, filter device add/cleanup, connect hook
//
#include "filter.h"

using namespace mouaccel;

WDFCOLLECTION   Globals::FilterDevices = nullptr;
WDFWAITLOCK     Globals::FilterLock    = nullptr;
WDFDEVICE       Globals::ControlDevice = nullptr;
volatile LONG   Globals::Factor        = 0x180;     // 1.5x out of the box

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    WDF_OBJECT_ATTRIBUTES attrs;
    NTSTATUS status;

    MA_INFO("DriverEntry (built " __DATE__ ")", 0);

    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // both objects hang off the driver and go away with it
    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = driver;
    status = WdfCollectionCreate(&attrs, &Globals::FilterDevices);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfCollectionCreate 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = driver;
    status = WdfWaitLockCreate(&attrs, &Globals::FilterLock);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfWaitLockCreate 0x%08X", status);
    }
    return status;
}

NTSTATUS
mouaccel::EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_MOUSE);

    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, FILTER_CONTEXT);
    attrs.EvtCleanupCallback = EvtFilterCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfDeviceCreate 0x%08X", status);
        return status;
    }
    FilterGetContext(device)->Device = device;

    WDF_IO_QUEUE_CONFIG qcfg;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchParallel);
    qcfg.EvtIoInternalDeviceControl = EvtInternalIoctl;
    status = WdfIoQueueCreate(device, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        MA_ERROR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    // on failure the cleanup callback below takes the device out again
    WdfWaitLockAcquire(Globals::FilterLock, nullptr);
    status = WdfCollectionAdd(Globals::FilterDevices, device);
    if (NT_SUCCESS(status) && WdfCollectionGetCount(Globals::FilterDevices) == 1) {
        // first mouse: bring up the sideband device
        status = CreateControlDevice(device);
    }
    WdfWaitLockRelease(Globals::FilterLock);

    if (!NT_SUCCESS(status)) {
        MA_ERROR("collection / control device 0x%08X", status);
    }
    return status;
}

VOID
mouaccel::EvtFilterCleanup(_In_ WDFOBJECT Device)
{
    WdfWaitLockAcquire(Globals::FilterLock, nullptr);
    ULONG count = WdfCollectionGetCount(Globals::FilterDevices);
    for (ULONG i = 0; i < count; i++) {
        if (WdfCollectionGetItem(Globals::FilterDevices, i) == Device) {
            WdfCollectionRemoveItem(Globals::FilterDevices, i);
            break;
        }
    }
    if (WdfCollectionGetCount(Globals::FilterDevices) == 0) {
        DeleteControlDevice();
    }
    WdfWaitLockRelease(Globals::FilterLock);
}

VOID
mouaccel::EvtInternalIoctl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                           _In_ size_t OutLen, _In_ size_t InLen, _In_ ULONG Code)
{
    UNREFERENCED_PARAMETER(OutLen);
    UNREFERENCED_PARAMETER(InLen);

    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    FILTER_CONTEXT* ctx = FilterGetContext(device);
    NTSTATUS status = STATUS_SUCCESS;

    if (Code == IOCTL_INTERNAL_MOUSE_CONNECT) {
        PCONNECT_DATA connect = nullptr;
        if (ctx->Connected) {
            status = STATUS_SHARING_VIOLATION;
        } else {
            status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA),
                                                   (PVOID*)&connect, nullptr);
        }
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        ctx->UpperConnect = *connect;
        connect->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
        connect->ClassService = (PVOID)ServiceCallback;
        ctx->Connected = TRUE;
    } else if (Code == IOCTL_INTERNAL_MOUSE_DISCONNECT) {
        WdfRequestComplete(Request, STATUS_NOT_IMPLEMENTED);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS opts;
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    WdfRequestFormatRequestUsingCurrentType(Request);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &opts)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID
mouaccel::ServiceCallback(_In_ PDEVICE_OBJECT DeviceObject, _In_ PMOUSE_INPUT_DATA InputDataStart,
                          _In_ PMOUSE_INPUT_DATA InputDataEnd, _Inout_ PULONG InputDataConsumed)
{
    WDFDEVICE device = WdfWdmDeviceGetWdfDeviceHandle(DeviceObject);
    FILTER_CONTEXT* ctx = FilterGetContext(device);
    MA_FACTOR f;
    f.Raw = Globals::Factor;

    auto scale = [&f](LONG v) -> LONG { return (LONG)(((LONGLONG)v * f.Raw) >> 8); };

    for (PMOUSE_INPUT_DATA p = InputDataStart; p < InputDataEnd; ++p) {
        if ((p->Flags & MOUSE_MOVE_ABSOLUTE) == 0) {
            p->LastX = scale(p->LastX);
            p->LastY = scale(p->LastY);
        }
    }
    ctx->Packets += (ULONG)(InputDataEnd - InputDataStart);

    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)ctx->UpperConnect.ClassService)(
        ctx->UpperConnect.ClassDeviceObject, InputDataStart, InputDataEnd, InputDataConsumed);
}
