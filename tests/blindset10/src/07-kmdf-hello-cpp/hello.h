// hello.h - "hellokmdf", my first KMDF driver that grew a queue and a timer
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

// {6C1D2F3A-8E52-4B7A-9C41-2D7F0B3E9A15}
DEFINE_GUID(GUID_DEVINTERFACE_HELLOKMDF,
    0x6c1d2f3a, 0x8e52, 0x4b7a, 0x9c, 0x41, 0x2d, 0x7f, 0x0b, 0x3e, 0x9a, 0x15);

namespace hello {

constexpr ULONG PoolTag = 'oleH';
constexpr ULONG HeartbeatMs = 1000;

constexpr ULONG IoctlGetBeats = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS);
constexpr ULONG IoctlGetParams = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS);

struct DeviceContext {
    WDFTIMER Heartbeat;
    LONG     Beats;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

// Driver-wide data that lives from DriverEntry until the driver object's cleanup.
class Globals {
public:
    static NTSTATUS Init(_In_ PCUNICODE_STRING RegistryPath);
    static void Free();
    static PCUNICODE_STRING RegistryPath() { return &s_registryPath; }
private:
    static UNICODE_STRING s_registryPath;
};

EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverContextCleanup;
EVT_WDF_DEVICE_D0_ENTRY EvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT EvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

} // namespace hello
