#pragma once
//
// vcom - a loopback virtual COM port in KMDF, C++ flavour.
// Whatever a terminal writes comes back on the next read.
//
#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include <ntddser.h>

namespace vcom {

constexpr ULONG kTag = 'moCV';
constexpr size_t kRingSize = 4096;

struct DeviceContext {
    WDFDEVICE Device;
    WDFQUEUE  ReadQueue;      // manual queue parking reads while empty
    WDFSPINLOCK Lock;
    UCHAR     Ring[kRingSize];
    size_t    Head;
    size_t    Count;
    ULONG     BaudRate;
    SERIAL_LINE_CONTROL LineControl;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetContext)

// RAII holder for a WDFSPINLOCK
class SpinGuard {
public:
    explicit SpinGuard(WDFSPINLOCK l) : m_Lock(l) { WdfSpinLockAcquire(m_Lock); }
    ~SpinGuard() { WdfSpinLockRelease(m_Lock); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    WDFSPINLOCK m_Lock;
};

struct Driver {
    static EVT_WDF_DRIVER_DEVICE_ADD DeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP Cleanup;
    static ULONG PortsCreated;
};

struct Port {
    static NTSTATUS Create(PWDFDEVICE_INIT init);
    static EVT_WDF_IO_QUEUE_IO_READ OnRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE OnWrite;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL OnIoctl;
    static void DrainReads(DeviceContext* ctx);
};

} // namespace vcom
