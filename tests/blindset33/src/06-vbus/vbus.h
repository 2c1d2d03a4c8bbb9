// vbus - virtual bus that enumerates software gamepads on request
// (user mode sends IOCTL_VBUS_PLUGIN / IOCTL_VBUS_UNPLUG to the bus FDO).
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <ntstrsafe.h>
}
#include <initguid.h>

// {B4F1A2C3-92D0-4E55-8A1B-3C6D7E8F9012}
DEFINE_GUID(GUID_DEVINTERFACE_VBUS,
    0xb4f1a2c3, 0x92d0, 0x4e55, 0x8a, 0x1b, 0x3c, 0x6d, 0x7e, 0x8f, 0x90, 0x12);

#define VBUS_TAG                'suBV'
#define VBUS_DEFAULT_SLOTS      16
#define VBUS_MAX_SLOTS          256
#define VBUS_HARDWARE_ID        L"VBUS\\VirtualPad"
#define VBUS_COMPATIBLE_ID      L"VBUS\\GenericChild"
#define VBUS_LOCATION           L"Virtual Gamepad Bus"

#define FILE_DEVICE_VBUS        0xA100
#define IOCTL_VBUS_PLUGIN       CTL_CODE(FILE_DEVICE_VBUS, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VBUS_UNPLUG       CTL_CODE(FILE_DEVICE_VBUS, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define VBUS_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "vbus: " fmt "\n", ##__VA_ARGS__)
#define VBUS_ERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vbus: " fmt "\n", ##__VA_ARGS__)

struct VBUS_PLUGIN_REQUEST {
    ULONG SerialNo;
};

struct PDO_IDENTIFICATION_DESCRIPTION {
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER Header;
    ULONG SerialNo;
};

struct FDO_CONTEXT {
    WDFCHILDLIST ChildList;
    LONG         Plugged;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FDO_CONTEXT, FdoGetContext)

struct PDO_CONTEXT {
    ULONG SerialNo;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PDO_CONTEXT, PdoGetContext)

namespace vbus {

// Driver-wide state: which serial numbers are in use.
class BusGlobals {
public:
    static bool Initialize(WDFDRIVER Driver);
    static void Shutdown();
    static bool ReserveSlot(ULONG SerialNo);
    static void ReleaseSlot(ULONG SerialNo);

    static ULONG MaxSlots;

private:
    static PUCHAR     s_SlotMap;
    static FAST_MUTEX s_Lock;
};

} // namespace vbus

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD VbusEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD VbusEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL VbusEvtIoDeviceControl;
EVT_WDF_CHILD_LIST_CREATE_DEVICE VbusEvtChildListCreateDevice;
