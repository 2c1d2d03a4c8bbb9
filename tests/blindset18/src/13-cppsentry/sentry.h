// sentry.h - Sentry: process/thread event collector (C++17, WDK)
#pragma once

#include <ntddk.h>

#define DRIVER_PREFIX "Sentry: "
#define DRIVER_TAG    'rtnS'

const ULONG MaxItems = 4096;

enum class ItemType : short {
    None,
    ProcessCreate,
    ProcessExit,
    ThreadCreate,
    ThreadExit
};

struct ItemHeader {
    ItemType Type;
    USHORT Size;
    LARGE_INTEGER Time;
};

struct ProcessInfo : ItemHeader {
    ULONG ProcessId;
    ULONG ParentProcessId;
    ULONG ExitCode;
};

struct ThreadInfo : ItemHeader {
    ULONG ProcessId;
    ULONG ThreadId;
};

template<typename T>
struct FullItem {
    LIST_ENTRY Entry;
    T Data;
};

// no global constructors in the kernel: call Init() from DriverEntry
class FastMutex {
public:
    void Init() { ExInitializeFastMutex(&m_Mutex); }
    void Lock() { ExAcquireFastMutex(&m_Mutex); }
    void Unlock() { ExReleaseFastMutex(&m_Mutex); }
private:
    FAST_MUTEX m_Mutex;
};

template<typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_Lock(lock) { m_Lock.Lock(); }
    ~AutoLock() { m_Lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_Lock;
};

// runs a lambda when leaving the scope unless Dismiss() was called
template<typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_Func(f), m_Active(true) {}
    ScopeExit(ScopeExit&& other) : m_Func(other.m_Func), m_Active(other.m_Active) {
        other.m_Active = false;
    }
    ~ScopeExit() {
        if (m_Active)
            m_Func();
    }
    void Dismiss() { m_Active = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F m_Func;
    bool m_Active;
};

template<typename F>
ScopeExit<F> MakeScopeExit(F f) {
    return ScopeExit<F>(f);
}

struct SentryGlobals {
    LIST_ENTRY ItemsHead;
    ULONG ItemCount;
    FastMutex Mutex;
};
