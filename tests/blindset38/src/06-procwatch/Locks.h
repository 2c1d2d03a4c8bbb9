#pragma once
#include <ntddk.h>

namespace pw {

class FastMutex
{
public:
    void Init()   { ExInitializeFastMutex(&m_mutex); }
    void Lock()   { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }

private:
    FAST_MUTEX m_mutex;
};

template <typename TLock>
class AutoLock
{
public:
    explicit AutoLock(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~AutoLock() { m_lock.Unlock(); }

    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;

private:
    TLock& m_lock;
};

} // namespace pw
