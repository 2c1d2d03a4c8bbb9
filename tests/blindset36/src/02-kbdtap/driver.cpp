//
// driver.cpp - DriverEntry, filter device add/cleanup, I/O forwarding.
//
#include "kbdtap.h"

namespace kbdtap {

WDFCOLLECTION   Globals::FilterDevices = nullptr;
WDFWAITLOCK     Globals::FilterLock    = nullptr;
volatile LONG   Globals::KeyCount      = 0;

} // namespace kbdtap

using namespace kbdtap;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    TAPLOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    config.EvtDriverUnload = EvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    //
    // Both objects are parented to the driver, the framework frees them
    // if we fail below or when the driver goes away.
    //
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfCollectionCreate(&attributes, &Globals::FilterDevices);
    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfCollectionCreate failed 0x%08X", status);
        return status;
    }

    status = WdfWaitLockCreate(&attributes, &Globals::FilterLock);
    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfWaitLockCreate failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

namespace kbdtap {

NTSTATUS
EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_CONTEXT);
    attributes.EvtCleanupCallback = EvtFilterCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    auto ctx = FilterGetContext(device);
    ctx->Self = device;

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = EvtIoInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfIoQueueCreate failed 0x%08X", status);
        return status;
    }

    //
    // Track the instance; the first keyboard also brings up the
    // control device.
    //
    bool first = false;

    WdfWaitLockAcquire(Globals::FilterLock, nullptr);
    status = WdfCollectionAdd(Globals::FilterDevices, device);
    if (NT_SUCCESS(status)) {
        ctx->Index = WdfCollectionGetCount(Globals::FilterDevices);
        first = (ctx->Index == 1);
    }
    WdfWaitLockRelease(Globals::FilterLock);

    if (!NT_SUCCESS(status)) {
        TAPLOG("WdfCollectionAdd failed 0x%08X", status);
        return status;
    }

    if (first && !ControlDevice::Exists()) {
        //
        // Not fatal: the keyboard keeps working without the sideband.
        //
        status = ControlDevice::Create(Driver);
        if (!NT_SUCCESS(status)) {
            TAPLOG("control device not available 0x%08X", status);
        }
    }

    return STATUS_SUCCESS;
}

VOID
EvtFilterCleanup(
    _In_ WDFOBJECT Object
    )
{
    PAGED_CODE();

    WDFDEVICE device = static_cast<WDFDEVICE>(Object);

    WdfWaitLockAcquire(Globals::FilterLock, nullptr);

    ULONG count = WdfCollectionGetCount(Globals::FilterDevices);
    for (ULONG i = 0; i < count; i++) {
        if (WdfCollectionGetItem(Globals::FilterDevices, i) == device) {
            WdfCollectionRemoveItem(Globals::FilterDevices, i);
            break;
        }
    }

    WdfWaitLockRelease(Globals::FilterLock);

    TAPLOG("filter %p gone, %lu left", device, count ? count - 1 : 0);
}

VOID
EvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    //
    // Last chance to drop the sideband device before the image goes.
    //
    ControlDevice::Destroy();

    TAPLOG("unloaded, %ld keys seen", Globals::KeyCount);
}

VOID
EvtIoInternalDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    InterlockedIncrement(&FilterGetContext(device)->Requests);

    if (IoControlCode == IOCTL_KEYBOARD_QUERY_ATTRIBUTES ||
        IoControlCode == IOCTL_KEYBOARD_QUERY_INDICATORS) {
        InterlockedIncrement(&Globals::KeyCount);
    }

    //
    // Pure pass-through, we never look at the completion.
    //
    WDF_REQUEST_SEND_OPTIONS options;
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    WdfRequestFormatRequestUsingCurrentType(Request);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        TAPLOG("WdfRequestSend failed 0x%08X", status);
        WdfRequestComplete(Request, status);
    }
}

} // namespace kbdtap
