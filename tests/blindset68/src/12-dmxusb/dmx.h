#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
}
#include <initguid.h>

// {5A80E2C9-71D4-4F3B-B0A6-3E9C15D72F08}
DEFINE_GUID(GUID_DEVINTERFACE_DMXUSB,
    0x5a80e2c9, 0x71d4, 0x4f3b, 0xb0, 0xa6, 0x3e, 0x9c, 0x15, 0xd7, 0x2f, 0x08);

#define DMX_TAG             'xmDU'
#define DMX_CHANNELS        512
#define DMX_FRAME_BYTES     (DMX_CHANNELS + 1)      // start code + slots
#define DMX_REFRESH_MS      25                       // ~40 fps

#define IOCTL_DMX_SET_CHANNELS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C0, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_DMX_BLACKOUT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8C1, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define DMXLOG(fmt, ...)  KdPrint(("dmxusb: " fmt "\n", __VA_ARGS__))

namespace dmx {

#pragma pack(push, 1)
struct SetChannels {
    USHORT First;       // 0-based
    USHORT Count;
    UCHAR  Values[1];
};
#pragma pack(pop)

struct Context {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBPIPE      BulkOut;
    WDFTIMER        Refresh;
    WDFWORKITEM     SendWork;
    WDFSPINLOCK     FrameLock;
    WDFMEMORY       FrameMemory;
    PUCHAR          Frame;
    volatile LONG   SendPending;
    ULONG           Frames;
    ULONG           Errors;
};

class LockGuard {
public:
    explicit LockGuard(WDFSPINLOCK l) : m_l(l) { WdfSpinLockAcquire(m_l); }
    ~LockGuard() { WdfSpinLockRelease(m_l); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
private:
    WDFSPINLOCK m_l;
};

class Power {
public:
    static NTSTATUS Register();
    static void Unregister();
    static bool Sleeping() { return s_Sleeping != 0; }
private:
    static CALLBACK_FUNCTION OnPowerState;
    static PCALLBACK_OBJECT s_Object;
    static PVOID s_Registration;
    static volatile LONG s_Sleeping;
};

EVT_WDF_DRIVER_DEVICE_ADD DeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE PrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY D0Entry;
EVT_WDF_DEVICE_D0_EXIT D0Exit;
EVT_WDF_TIMER OnRefresh;
EVT_WDF_WORKITEM OnSend;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;

} // namespace dmx

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(dmx::Context, GetDmxContext)
