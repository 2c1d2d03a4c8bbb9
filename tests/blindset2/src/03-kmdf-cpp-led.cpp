// LedCtl - KMDF function driver for a toy USB-less "LED board" on an I/O port,
// written in C++ to practise RAII in the kernel.
#include <ntddk.h>
#include <wdf.h>

constexpr ULONG kTag = 'dleL';

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace led {

struct Settings {
    ULONG BlinkMs;
    ULONG Brightness;
};

// Owns a pool block until Release() is called.
template <typename T>
class PoolPtr {
public:
    PoolPtr() : p_(static_cast<T*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(T), kTag))) {}
    ~PoolPtr() { if (p_ != nullptr) ExFreePoolWithTag(p_, kTag); }
    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;
    T* get() const { return p_; }
    T* Release() { T* t = p_; p_ = nullptr; return t; }
    explicit operator bool() const { return p_ != nullptr; }
private:
    T* p_;
};

class Driver {
public:
    static NTSTATUS Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);
private:
    static EVT_WDF_DRIVER_DEVICE_ADD OnDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP OnDriverCleanup;
    static Settings* s_settings;
};

Settings* Driver::s_settings = nullptr;

NTSTATUS Driver::Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PoolPtr<Settings> settings;
    if (!settings) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    settings.get()->BlinkMs = 500;
    settings.get()->Brightness = 80;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = OnDriverCleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, OnDeviceAdd);

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedCtl: WdfDriverCreate failed 0x%08X\n", status));
        return status;                   // ~PoolPtr frees the settings block
    }

    // From here the driver object's cleanup callback owns the block.
    s_settings = settings.Release();
    return STATUS_SUCCESS;
}

NTSTATUS Driver::OnDeviceAdd(WDFDRIVER, PWDFDEVICE_INIT DeviceInit)
{
    PAGED_CODE();

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoDefault = [](WDFQUEUE, WDFREQUEST Request) {
        WdfRequestComplete(Request, STATUS_NOT_SUPPORTED);
    };
    return WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

void Driver::OnDriverCleanup(WDFOBJECT)
{
    if (s_settings != nullptr) {
        ExFreePoolWithTag(s_settings, kTag);
        s_settings = nullptr;
    }
}

} // namespace led

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    return led::Driver::Create(DriverObject, RegistryPath);
}
