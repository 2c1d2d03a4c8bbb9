#pragma once
#include <ntifs.h>
#include <wdmsec.h>

//
// RAII helpers used by DriverEntry and the callbacks.
// Rule: a guard undoes its step in the destructor unless Release() was called.
//

namespace hk {

class FastMutexLock {
public:
    void Init()   { ExInitializeFastMutex(&m_Mutex); }
    void Lock()   { ExAcquireFastMutex(&m_Mutex); }
    void Unlock() { ExReleaseFastMutex(&m_Mutex); }
private:
    FAST_MUTEX m_Mutex;
};

template<typename TLock>
class LockGuard {
public:
    explicit LockGuard(TLock& lock) : m_Lock(lock) { m_Lock.Lock(); }
    ~LockGuard() { m_Lock.Unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
private:
    TLock& m_Lock;
};

class DeviceGuard {
public:
    DeviceGuard() = default;
    ~DeviceGuard() {
        if (m_Device)
            IoDeleteDevice(m_Device);
    }
    PDEVICE_OBJECT* Address() { return &m_Device; }
    PDEVICE_OBJECT Get() const { return m_Device; }
    PDEVICE_OBJECT Release() {
        auto d = m_Device;
        m_Device = nullptr;
        return d;
    }
    DeviceGuard(const DeviceGuard&) = delete;
    DeviceGuard& operator=(const DeviceGuard&) = delete;
private:
    PDEVICE_OBJECT m_Device = nullptr;
};

class SymLinkGuard {
public:
    SymLinkGuard() = default;
    ~SymLinkGuard() {
        if (m_Link)
            IoDeleteSymbolicLink(m_Link);
    }
    NTSTATUS Create(PUNICODE_STRING link, PUNICODE_STRING target) {
        auto status = IoCreateSymbolicLink(link, target);
        if (NT_SUCCESS(status))
            m_Link = link;
        return status;
    }
    void Release() { m_Link = nullptr; }
    SymLinkGuard(const SymLinkGuard&) = delete;
    SymLinkGuard& operator=(const SymLinkGuard&) = delete;
private:
    PUNICODE_STRING m_Link = nullptr;
};

// fixed capacity array of values, the caller does the locking
template<typename T, ULONG N>
class KArray {
public:
    void Reset() { m_Count = 0; }

    ULONG Count() const { return m_Count; }

    LONG IndexOf(const T& v) const {
        for (ULONG i = 0; i < m_Count; i++)
            if (m_Items[i] == v)
                return (LONG)i;
        return -1;
    }

    bool Insert(const T& v) {
        if (IndexOf(v) >= 0)
            return true;
        if (m_Count == N)
            return false;
        m_Items[m_Count++] = v;
        return true;
    }

    bool Erase(const T& v) {
        auto i = IndexOf(v);
        if (i < 0)
            return false;
        m_Items[i] = m_Items[--m_Count];    // order does not matter
        return true;
    }

private:
    T     m_Items[N];
    ULONG m_Count;
};

} // namespace hk
