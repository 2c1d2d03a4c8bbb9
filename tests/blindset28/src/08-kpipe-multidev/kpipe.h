// kpipe - a handful of in-kernel byte pipes: \\.\KPipe0 .. \\.\KPipe3.
// Whatever one process writes to KPipeN another one can read back.
// Playground for C++ in the kernel (RAII lock guard, no exceptions, no STL).
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

constexpr ULONG KPIPE_COUNT      = 4;
constexpr ULONG KPIPE_RING_BYTES = 16 * 1024;
constexpr ULONG KPIPE_TAG        = 'epPK';

#define IOCTL_KPIPE_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KPIPE_FLUSH  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct KPipeRing {
    ULONG Capacity;
    ULONG ReadPos;
    ULONG WritePos;
    ULONG Used;
    UCHAR Data[1];
};

struct KPipeQueryInfo {
    ULONG   Index;
    ULONG   Capacity;
    ULONG   Used;
    ULONG64 TotalIn;
    ULONG64 TotalOut;
};

struct KPipeExtension {
    ULONG          Index;
    KSPIN_LOCK     Lock;
    KPipeRing*     Ring;
    ULONG64        TotalIn;
    ULONG64        TotalOut;
    UNICODE_STRING LinkName;
    WCHAR          LinkBuffer[32];
};

class SpinGuard {
public:
    explicit SpinGuard(PKSPIN_LOCK lock) : m_lock(lock), m_irql(PASSIVE_LEVEL)
    {
        KeAcquireSpinLock(m_lock, &m_irql);
    }
    ~SpinGuard()
    {
        KeReleaseSpinLock(m_lock, m_irql);
    }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;

private:
    PKSPIN_LOCK m_lock;
    KIRQL       m_irql;
};

// dispatch.cpp
ULONG RingWrite(KPipeRing* ring, const UCHAR* src, ULONG len);
ULONG RingRead(KPipeRing* ring, UCHAR* dst, ULONG len);

extern "C" {
DRIVER_DISPATCH KPipeCreateClose;
DRIVER_DISPATCH KPipeRead;
DRIVER_DISPATCH KPipeWrite;
DRIVER_DISPATCH KPipeDeviceControl;
}
