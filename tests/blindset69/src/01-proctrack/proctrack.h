#pragma once
// proctrack - process / thread creation tracker
// shared definitions for driver.cpp and tracker.cpp

#include <ntddk.h>

#define PT_TAG            'kTrP'
#define PT_DEVICE_NAME    L"\\Device\\ProcTrack"
#define PT_SYMLINK_NAME   L"\\??\\ProcTrack"
#define PT_MAX_ENTRIES    512

#define IOCTL_PT_GET_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PT_RESET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define PT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[proctrack] " fmt "\n", __VA_ARGS__)
#define PT_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[proctrack] ERR " fmt "\n", __VA_ARGS__)

namespace pt {

struct Counters {
    volatile LONG ProcessCreates;
    volatile LONG ProcessExits;
    volatile LONG ThreadCreates;
    volatile LONG ThreadExits;
};

class SpinGuard {
public:
    explicit SpinGuard(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_irql); }
    ~SpinGuard() { KeReleaseSpinLock(&m_lock, m_irql); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    KSPIN_LOCK& m_lock;
    KIRQL m_irql;
};

class Tracker {
public:
    static NTSTATUS Initialize();
    static void Shutdown();
    static void Reset();
    static void Snapshot(Counters* out);

    static void OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info);
    static void OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create);

private:
    static KSPIN_LOCK s_lock;
    static Counters s_counters;
    static bool s_ready;
};

} // namespace pt

extern "C" DRIVER_INITIALIZE DriverEntry;
