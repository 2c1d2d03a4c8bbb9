#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
}

#define KLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "usbblink: " fmt "\n", __VA_ARGS__)

#define KLOG_IF_FAILED(st, what)                                            \
    do {                                                                    \
        if (!NT_SUCCESS(st)) {                                              \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,             \
                       "usbblink: %s failed 0x%08X\n", (what), (st));       \
        }                                                                   \
    } while (0)

// {8E0C3D1A-5B7F-4C21-9B4E-2F6A1D3C7E55}
DEFINE_GUID(GUID_DEVINTERFACE_USBBLINK,
    0x8e0c3d1a, 0x5b7f, 0x4c21, 0x9b, 0x4e, 0x2f, 0x6a, 0x1d, 0x3c, 0x7e, 0x55);

#define IOCTL_USBBLINK_SET_COLOR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBBLINK_GET_BUTTON CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace usbdev {

constexpr ULONG kPoolTag = 'knlB';
constexpr ULONG kDefaultPollMs = 50;

struct DriverContext {
    ULONG PollIntervalMs;
    ULONG VerboseLogging;
};

struct DeviceContext {
    WDFUSBDEVICE UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE InterruptPipe;
    volatile LONG LastButtonState;
    UCHAR Color[3];
};

} // namespace usbdev

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(usbdev::DriverContext, GetDriverContext)
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(usbdev::DeviceContext, GetDeviceContext)

namespace usbdev {

EVT_WDF_DRIVER_DEVICE_ADD EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverCleanup;

NTSTATUS LoadSettings(_In_ WDFDRIVER Driver);

} // namespace usbdev
