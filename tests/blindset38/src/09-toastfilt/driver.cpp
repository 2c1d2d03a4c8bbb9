//
// driver.cpp - DriverEntry and the per-toaster filter device
//
#include "filter.h"

namespace toastfilt {

WDFCOLLECTION  Filter::s_devices = nullptr;
WDFWAITLOCK    Filter::s_lock    = nullptr;
volatile LONG  Filter::s_serial  = 0;

NTSTATUS
Filter::Initialize(
    _In_ WDFDRIVER Driver
    )
{
    WDF_OBJECT_ATTRIBUTES attrs;
    NTSTATUS              status;

    // parented to the driver: deleted with it, no unload work needed
    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ParentObject = Driver;

    status = WdfCollectionCreate(&attrs, &s_devices);
    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfCollectionCreate 0x%08X", status);
        return status;
    }

    status = WdfWaitLockCreate(&attrs, &s_lock);
    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfWaitLockCreate 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
Filter::DeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device;
    NTSTATUS              status;
    bool                  first = false;

    // we are a filter: anything without a queue handler goes down untouched
    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, TF_FILTER_CONTEXT);
    attrs.EvtCleanupCallback = Filter::DeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    auto ctx = TfGetFilterContext(device);
    ctx->Device       = device;
    ctx->SerialNo     = NextSerial();
    ctx->IoctlCount   = 0;
    ctx->InCollection = FALSE;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = Filter::FilterIoctl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    WdfWaitLockAcquire(s_lock, nullptr);
    status = WdfCollectionAdd(s_devices, device);
    if (NT_SUCCESS(status)) {
        ctx->InCollection = TRUE;
        first = (WdfCollectionGetCount(s_devices) == 1);
    }
    WdfWaitLockRelease(s_lock);

    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfCollectionAdd 0x%08X", status);
        return status;
    }

    //
    // If this fails the device is deleted by the framework and
    // DeviceCleanup takes it back out of the collection.
    //
    if (first) {
        status = Control::CreateIfFirst(device);
        if (!NT_SUCCESS(status)) {
            TF_PRINT("control device 0x%08X", status);
            return status;
        }
    }

    TF_PRINT("filtering toaster #%u", ctx->SerialNo);
    return STATUS_SUCCESS;
}

VOID
Filter::DeviceCleanup(
    _In_ WDFOBJECT Object
    )
{
    PAGED_CODE();

    auto device = static_cast<WDFDEVICE>(Object);
    auto ctx    = TfGetFilterContext(device);
    bool last   = false;

    WdfWaitLockAcquire(s_lock, nullptr);
    if (ctx->InCollection) {
        WdfCollectionRemove(s_devices, device);
        ctx->InCollection = FALSE;
    }
    last = (WdfCollectionGetCount(s_devices) == 0);
    WdfWaitLockRelease(s_lock);

    // control device must go before the driver can unload
    if (last) {
        Control::DeleteIfLast();
    }
}

VOID
Filter::FilterIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    WDFDEVICE                device = WdfIoQueueGetDevice(Queue);
    WDF_REQUEST_SEND_OPTIONS options;

    InterlockedIncrement(&TfGetFilterContext(device)->IoctlCount);

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    WdfRequestFormatRequestUsingCurrentType(Request);

    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        TF_PRINT("WdfRequestSend 0x%08X", status);
        WdfRequestComplete(Request, status);
    }
}

} // namespace toastfilt

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    TF_PRINT("DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, toastfilt::Filter::DeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TF_PRINT("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // a failure here makes the framework delete the WDFDRIVER and its children
    return toastfilt::Filter::Initialize(driver);
}
