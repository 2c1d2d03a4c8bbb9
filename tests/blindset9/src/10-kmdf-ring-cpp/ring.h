// ring.h - KMDF byte ring: WriteFile puts bytes in, ReadFile takes them out
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define RING_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "kmdfring: " fmt "\n", __VA_ARGS__)

namespace ring {

constexpr ULONG kPoolTag = 'gniR';
constexpr size_t kCapacity = 4096;

struct RingContext {
    WDFSPINLOCK Lock;
    size_t Head;      // next byte to read
    size_t Count;     // bytes stored
    UCHAR Data[kCapacity];
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RingContext, GetRing)

// owns a PWDFDEVICE_INIT until WdfDeviceCreate has taken it
class DeviceInitHolder {
public:
    explicit DeviceInitHolder(PWDFDEVICE_INIT init) : m_init(init) {}
    ~DeviceInitHolder()
    {
        if (m_init) {
            WdfDeviceInitFree(m_init);
        }
    }
    DeviceInitHolder(const DeviceInitHolder&) = delete;
    DeviceInitHolder& operator=(const DeviceInitHolder&) = delete;

    PWDFDEVICE_INIT Get() const { return m_init; }
    explicit operator bool() const { return m_init != nullptr; }
    void Release() { m_init = nullptr; }

private:
    PWDFDEVICE_INIT m_init;
};

template <typename F>
class OnExit {
public:
    explicit OnExit(F fn) : m_fn(fn) {}
    ~OnExit()
    {
        if (m_armed) {
            m_fn();
        }
    }
    void Disarm() { m_armed = false; }

private:
    F m_fn;
    bool m_armed = true;
};

class ControlDevice {
public:
    static NTSTATUS Create(WDFDRIVER driver);

private:
    static EVT_WDF_IO_QUEUE_IO_READ OnRead;
    static EVT_WDF_IO_QUEUE_IO_WRITE OnWrite;
};

EVT_WDF_DRIVER_UNLOAD OnDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP OnDriverCleanup;

} // namespace ring
