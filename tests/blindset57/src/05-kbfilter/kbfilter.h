#pragma once
//
// kbfilter - KMDF filter for keyboard device stacks, counts reads and
// internal IOCTLs per device and keeps a driver-wide list of its devices
//
#include <ntddk.h>
#include <wdf.h>

#define KBF_TAG        'fBbK'
#define KBF_MAX_DEVS   16

#define KBF_TRACE(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "kbfilter: " fmt "\n", __VA_ARGS__))
#define KBF_ERROR(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbfilter: ERROR " fmt "\n", __VA_ARGS__))

struct FilterContext {
    WDFDEVICE   Device;
    WDFIOTARGET Target;
    WDFSPINLOCK StatsLock;
    ULONG64     Reads;
    ULONG64     BytesRead;
    ULONG64     InternalIoctls;
    BOOLEAN     Listed;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FilterContext, FilterGetContext)

namespace kbf {

struct DriverGlobals {
    WDFCOLLECTION Devices;
    WDFWAITLOCK   DevicesLock;
};
extern DriverGlobals g;

// small RAII helpers around the two WDF lock types we use
class SpinGuard {
public:
    explicit SpinGuard(WDFSPINLOCK Lock) : m_Lock(Lock) { WdfSpinLockAcquire(m_Lock); }
    ~SpinGuard() { WdfSpinLockRelease(m_Lock); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    WDFSPINLOCK m_Lock;
};

class WaitGuard {
public:
    explicit WaitGuard(WDFWAITLOCK Lock) : m_Lock(Lock) { WdfWaitLockAcquire(m_Lock, nullptr); }
    ~WaitGuard() { WdfWaitLockRelease(m_Lock); }
    WaitGuard(const WaitGuard&) = delete;
    WaitGuard& operator=(const WaitGuard&) = delete;
private:
    WDFWAITLOCK m_Lock;
};

EVT_WDF_DRIVER_DEVICE_ADD                   EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              EvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL EvtInternalDeviceControl;
EVT_WDF_IO_QUEUE_IO_READ                    EvtRead;
EVT_WDF_REQUEST_COMPLETION_ROUTINE          OnReadComplete;

} // namespace kbf
