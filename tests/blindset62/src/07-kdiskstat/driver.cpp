//
// driver.cpp - DriverEntry and the filter device of kdiskstat
//
#include "kdiskstat.h"

namespace kds {
Globals g = {};
}

using namespace kds;

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
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

    KDS_DBG("DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, Filter::EvtDeviceAdd);
    config.DriverPoolTag = KDS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    // both objects are parented to the driver, no unload work needed
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    WdfCollectionCreate(&attributes, &g.Devices);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    status = WdfWaitLockCreate(&attributes, &g.DevicesLock);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfWaitLockCreate failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
Filter::EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;
    bool firstDisk = false;

    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FILTER_CONTEXT);
    attributes.EvtCleanupCallback = Filter::EvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    auto ctx = FilterGetContext(device);
    ctx->Device = device;
    ctx->Target = WdfDeviceGetIoTarget(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead    = Filter::EvtIoRead;
    queueConfig.EvtIoWrite   = Filter::EvtIoWrite;
    queueConfig.EvtIoDefault = Filter::EvtIoDefault;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfIoQueueCreate failed 0x%08X", status);
        return status;
    }

    {
        WaitLockGuard lock(g.DevicesLock);
        status = WdfCollectionAdd(g.Devices, device);
        if (NT_SUCCESS(status)) {
            ctx->Listed = TRUE;
            firstDisk = (WdfCollectionGetCount(g.Devices) == 1);
            g.Totals.Disks = WdfCollectionGetCount(g.Devices);
        }
    }
    if (!NT_SUCCESS(status)) {
        KDS_DBG("WdfCollectionAdd failed 0x%08X", status);
        return status;
    }

    //
    // The control device is only a convenience, a disk without it still works.
    //
    if (firstDisk) {
        (void)ControlDevice::Create(Driver);
    }

    return STATUS_SUCCESS;
}

VOID
Filter::EvtDeviceCleanup(
    _In_ WDFOBJECT Device
    )
{
    bool lastDisk = false;

    if (!FilterGetContext(Device)->Listed) {
        return;
    }

    {
        WaitLockGuard lock(g.DevicesLock);
        WdfCollectionRemove(g.Devices, Device);
        g.Totals.Disks = WdfCollectionGetCount(g.Devices);
        lastDisk = (g.Totals.Disks == 0);
    }

    if (lastDisk) {
        ControlDevice::Delete();
    }
}

void
Filter::Forward(
    WDFQUEUE Queue,
    WDFREQUEST Request
    )
{
    auto ctx = FilterGetContext(WdfIoQueueGetDevice(Queue));
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);

    if (!WdfRequestSend(Request, ctx->Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        KDS_DBG("WdfRequestSend failed 0x%08X", status);
        WdfRequestComplete(Request, status);
    }
}

VOID
Filter::EvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    InterlockedIncrement64(&FilterGetContext(WdfIoQueueGetDevice(Queue))->Reads);
    InterlockedIncrement64(&g.Totals.Reads);
    InterlockedAdd64(&g.Totals.BytesRead, static_cast<LONG64>(Length));
    Forward(Queue, Request);
}

VOID
Filter::EvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    InterlockedIncrement64(&FilterGetContext(WdfIoQueueGetDevice(Queue))->Writes);
    InterlockedIncrement64(&g.Totals.Writes);
    InterlockedAdd64(&g.Totals.BytesWritten, static_cast<LONG64>(Length));
    Forward(Queue, Request);
}

VOID
Filter::EvtIoDefault(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request
    )
{
    Forward(Queue, Request);
}
