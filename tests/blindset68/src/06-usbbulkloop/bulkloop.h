#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
}
#include <initguid.h>

// {0A3C7E51-96B4-4D2F-8C1A-E4F27B5D9062}
DEFINE_GUID(GUID_DEVINTERFACE_BULKLOOP,
    0x0a3c7e51, 0x96b4, 0x4d2f, 0x8c, 0x1a, 0xe4, 0xf2, 0x7b, 0x5d, 0x90, 0x62);

#define BL_TAG              'pLkB'
#define BL_MAX_TRANSFER     (64 * 1024)

#define LOG(fmt, ...)   KdPrint(("bulkloop: " fmt "\n", __VA_ARGS__))
#define LOGERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "bulkloop: " fmt "\n", __VA_ARGS__)

namespace bulk {

class SpinGuard {
public:
    explicit SpinGuard(WDFSPINLOCK l) : m_lock(l) { WdfSpinLockAcquire(m_lock); }
    ~SpinGuard() { WdfSpinLockRelease(m_lock); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    WDFSPINLOCK m_lock;
};

struct DeviceContext {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      BulkIn;
    WDFUSBPIPE      BulkOut;
    WDFCOLLECTION   InFlight;
    WDFSPINLOCK     InFlightLock;
    ULONG           MaxTransfer;
};

class Config {
public:
    static NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath);
    static void Free();

    static UNICODE_STRING s_ServiceKey;
    static ULONG s_MaxTransfer;
    static BOOLEAN s_ShortPacketOk;
};

} // namespace bulk

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(bulk::DeviceContext, GetDeviceContext)

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD BlEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD BlEvtDriverUnload;
EVT_WDF_DEVICE_PREPARE_HARDWARE BlEvtPrepareHardware;
EVT_WDF_IO_QUEUE_IO_READ BlEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE BlEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_STOP BlEvtIoStop;
EVT_WDF_REQUEST_COMPLETION_ROUTINE BlEvtRequestComplete;
