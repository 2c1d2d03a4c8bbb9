// ctlfinish.cpp - a non-PnP KMDF driver exposing \\.\TickCount through a
// control device, in C++, in the version that creates the device and its
// queue and returns.
//
// BUG (WDF009): WdfControlFinishInitializing is never called: the system
// sends no I/O request to the control device, so every open of it fails.

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

class DeviceInit {
public:
    explicit DeviceInit(PWDFDEVICE_INIT init) : m_init(init) {}
    ~DeviceInit() { if (m_init != nullptr) { WdfDeviceInitFree(m_init); } }
    DeviceInit(const DeviceInit&) = delete;
    DeviceInit& operator=(const DeviceInit&) = delete;

    explicit operator bool() const { return m_init != nullptr; }
    PWDFDEVICE_INIT get() const { return m_init; }

    NTSTATUS Create(PWDF_OBJECT_ATTRIBUTES attributes, WDFDEVICE* device)
    {
        // WdfDeviceCreate takes the init on success and sets it to NULL.
        return WdfDeviceCreate(&m_init, attributes, device);
    }

private:
    PWDFDEVICE_INIT m_init;
};

VOID OnDeviceControl(WDFQUEUE, WDFREQUEST request, size_t, size_t, ULONG)
{
    WdfRequestComplete(request, STATUS_INVALID_DEVICE_REQUEST);
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = [](WDFDRIVER) { KdPrint(("tickcount: unload\n")); };

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DeviceInit init{ WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL) };
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\TickCount");
    status = WdfDeviceInitAssignName(init.get(), &name);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDFDEVICE device;
    status = init.Create(WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = OnDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return STATUS_SUCCESS;                              // expect: WDF009
}
