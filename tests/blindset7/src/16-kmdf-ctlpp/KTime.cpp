// KTime.cpp
//
// Non-PnP KMDF driver in C++: one control device \\.\KTime that answers
// "what time is it in the kernel" (interrupt time, QPC, tick count) and
// counts how often it was opened. Mostly an excuse to try RAII around
// WDFDEVICE_INIT and lambdas as framework callbacks.

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define IOCTL_KTIME_GET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KTIME_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)

struct KTimeSample {
    ULONGLONG InterruptTime;
    LONGLONG  PerformanceCounter;
    LONGLONG  PerformanceFrequency;
    ULONGLONG TickCount;
};

struct KTimeStats {
    LONG Opens;
    LONG Closes;
    LONG Queries;
};

struct KTimeContext {
    KTimeStats Stats;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KTimeContext, GetKTimeContext)

namespace {

// Owns a WDFDEVICE_INIT from WdfControlDeviceInitAllocate until
// WdfDeviceCreate takes it over (WdfDeviceCreate NULLs the pointer on success).
class ControlDeviceInit {
public:
    explicit ControlDeviceInit(PWDFDEVICE_INIT init) : m_init(init) {}
    ~ControlDeviceInit()
    {
        if (m_init != nullptr) {
            WdfDeviceInitFree(m_init);
        }
    }
    ControlDeviceInit(const ControlDeviceInit&) = delete;
    ControlDeviceInit& operator=(const ControlDeviceInit&) = delete;

    explicit operator bool() const { return m_init != nullptr; }
    PWDFDEVICE_INIT get() const { return m_init; }

    NTSTATUS CreateDevice(PWDF_OBJECT_ATTRIBUTES attributes, WDFDEVICE* device)
    {
        return WdfDeviceCreate(&m_init, attributes, device);
    }

private:
    PWDFDEVICE_INIT m_init;
};

template <typename T>
NTSTATUS CopyOut(WDFREQUEST request, const T& value)
{
    T* out = nullptr;
    auto status = WdfRequestRetrieveOutputBuffer(request, sizeof(T), reinterpret_cast<PVOID*>(&out), nullptr);
    if (NT_SUCCESS(status)) {
        *out = value;
        WdfRequestSetInformation(request, sizeof(T));
    }
    return status;
}

void OnDeviceControl(WDFQUEUE queue, WDFREQUEST request, size_t, size_t, ULONG code)
{
    auto ctx = GetKTimeContext(WdfIoQueueGetDevice(queue));
    NTSTATUS status;

    switch (code) {
    case IOCTL_KTIME_GET: {
        KTimeSample sample{};
        LARGE_INTEGER freq;
        LARGE_INTEGER ticks;
        sample.InterruptTime = KeQueryInterruptTime();
        sample.PerformanceCounter = KeQueryPerformanceCounter(&freq).QuadPart;
        sample.PerformanceFrequency = freq.QuadPart;
        KeQueryTickCount(&ticks);
        sample.TickCount = static_cast<ULONGLONG>(ticks.QuadPart);
        InterlockedIncrement(&ctx->Stats.Queries);
        status = CopyOut(request, sample);
        break;
    }
    case IOCTL_KTIME_STATS:
        status = CopyOut(request, ctx->Stats);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(request, status);
}

NTSTATUS CreateQueue(WDFDEVICE device)
{
    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchParallel);
    config.EvtIoDeviceControl = OnDeviceControl;
    return WdfIoQueueCreate(device, &config, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = [](WDFDRIVER) { KdPrint(("KTime: unload\n")); };

    WDFDRIVER driver = nullptr;
    auto status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KTime: WdfDriverCreate 0x%08X\n", status));
        return status;
    }

    ControlDeviceInit init{ WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R) };
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\KTime");
    status = WdfDeviceInitAssignName(init.get(), &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfDeviceInitSetIoType(init.get(), WdfDeviceIoBuffered);

    WDF_FILEOBJECT_CONFIG fileConfig;
    WDF_FILEOBJECT_CONFIG_INIT(&fileConfig,
        [](WDFDEVICE device, WDFREQUEST request, WDFFILEOBJECT) {
            InterlockedIncrement(&GetKTimeContext(device)->Stats.Opens);
            WdfRequestComplete(request, STATUS_SUCCESS);
        },
        [](WDFFILEOBJECT file) {
            InterlockedIncrement(&GetKTimeContext(WdfFileObjectGetDevice(file))->Stats.Closes);
        },
        WDF_NO_EVENT_CALLBACK);
    WdfDeviceInitSetFileObjectConfig(init.get(), &fileConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KTimeContext);

    WDFDEVICE device = nullptr;
    status = init.CreateDevice(&attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KTime: WdfDeviceCreate 0x%08X\n", status));
        return status;
    }

    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\KTime");
    WdfDeviceCreateSymbolicLink(device, &linkName);

    status = CreateQueue(device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KTime: WdfIoQueueCreate 0x%08X\n", status));
        return status;
    }

    KdPrint(("KTime: ready\n"));
    return STATUS_SUCCESS;
}
