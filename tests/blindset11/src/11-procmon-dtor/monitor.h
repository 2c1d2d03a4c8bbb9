// monitor.h - process / thread / image monitor whose teardown lives in destructors
#pragma once

#include "kalloc.h"

namespace pmon {

constexpr ULONG kTag       = 'noMP';
constexpr ULONG kMaxQueued = 4096;

constexpr const wchar_t* kDeviceName = L"\\Device\\PMonDtor";
constexpr const wchar_t* kLinkName   = L"\\??\\PMonDtor";

#define IOCTL_PMON_DRAIN CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_READ_ACCESS)

enum class EventKind : USHORT {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    ImageLoad
};

// what user mode receives
struct EventRecord {
    EventKind     Kind;
    USHORT        Reserved;
    ULONG         ProcessId;
    ULONG         ThreadId;
    LARGE_INTEGER Time;
};

class FastMutexGuard {
public:
    explicit FastMutexGuard(FAST_MUTEX& m) : m_m(m) { ExAcquireFastMutex(&m_m); }
    ~FastMutexGuard() { ExReleaseFastMutex(&m_m); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;
private:
    FAST_MUTEX& m_m;
};

class EventQueue {
public:
    EventQueue();
    ~EventQueue();

    void  Push(EventKind kind, ULONG pid, ULONG tid);
    ULONG Drain(EventRecord* out, ULONG max);

private:
    struct Node {
        LIST_ENTRY  Link;
        EventRecord Record;
    };

    FAST_MUTEX m_lock;
    LIST_ENTRY m_head;
    ULONG      m_count;
};

class ControlDevice {
public:
    ControlDevice() : m_device(nullptr), m_linked(false) {}
    ~ControlDevice();

    NTSTATUS Create(PDRIVER_OBJECT driver);

private:
    PDEVICE_OBJECT m_device;
    bool           m_linked;
};

class Monitor {
public:
    Monitor();
    ~Monitor();

    NTSTATUS Start(PDRIVER_OBJECT driver);
    EventQueue& Queue() { return m_queue; }

    static Monitor* Instance;

    static NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp);
    static NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp);

private:
    static void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
    static void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create);
    static void OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info);

    ControlDevice m_control;   // destroyed last
    EventQueue    m_queue;
    bool          m_processNotify;
    bool          m_threadNotify;
    bool          m_imageNotify;
};

} // namespace pmon
