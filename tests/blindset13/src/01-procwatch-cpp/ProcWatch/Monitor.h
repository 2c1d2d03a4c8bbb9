#pragma once
#include <ntddk.h>

namespace pw {

constexpr ULONG kTag = 'hWrP';
constexpr ULONG kRingCapacity = 512;

enum class EventKind : USHORT {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    ImageLoad,
};

struct EventRecord {
    EventKind Kind;
    USHORT    Reserved;
    ULONG     ProcessId;
    ULONG     ThreadOrParentId;
    LARGE_INTEGER Time;
    WCHAR     Name[64];
};

// Small RAII guard for a spin lock.
class SpinGuard {
public:
    explicit SpinGuard(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_old); }
    ~SpinGuard() { KeReleaseSpinLock(&m_lock, m_old); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    KSPIN_LOCK& m_lock;
    KIRQL m_old;
};

// Fixed-size ring of events living in non-paged pool.
class EventRing {
public:
    NTSTATUS Init();
    void Free();
    void Push(const EventRecord& rec);
    ULONG Drain(EventRecord* out, ULONG maxCount);
private:
    EventRecord* m_items = nullptr;
    ULONG m_head = 0;
    ULONG m_count = 0;
    ULONG m_dropped = 0;
    KSPIN_LOCK m_lock;
};

class Monitor {
public:
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

    static EventRing Events;
private:
    static void CopyName(EventRecord& rec, PCUNICODE_STRING name);
};

} // namespace pw
