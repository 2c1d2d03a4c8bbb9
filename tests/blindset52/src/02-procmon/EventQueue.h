#pragma once
#include <ntddk.h>
#include "common.h"

#define PMON_TAG        'nomP'
#define PMON_MAX_QUEUED 2048

#define LOG(fmt, ...)   KdPrint(("[pmon] " fmt "\n", __VA_ARGS__))

namespace pmon {

class FastMutex {
public:
    void Init()   { ExInitializeFastMutex(&m_Mutex); }
    void Lock()   { ExAcquireFastMutex(&m_Mutex); }
    void Unlock() { ExReleaseFastMutex(&m_Mutex); }
private:
    FAST_MUTEX m_Mutex;
};

template <typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_Lock(lock) { m_Lock.Lock(); }
    ~AutoLock() { m_Lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_Lock;
};

struct EventItem {
    LIST_ENTRY  Link;
    EventRecord Data;
};

class EventQueue {
public:
    static void       Initialize();
    static EventItem* Allocate(EventType type);
    static void       Push(EventItem* item);
    static ULONG      PopInto(_Out_writes_bytes_(size) PUCHAR buffer, ULONG size);
    static ULONG      Count();
    static void       Flush();

private:
    static LIST_ENTRY s_Head;
    static FastMutex  s_Lock;
    static ULONG      s_Count;
    static ULONG      s_Dropped;
};

// callbacks.cpp
void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

} // namespace pmon
