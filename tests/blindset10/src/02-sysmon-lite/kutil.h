// kutil.h - the little bits of C++ support every one of my drivers ends up needing
#pragma once

#include <ntddk.h>

namespace kutil {

constexpr ULONG DefaultTag = 'lsyS';

class FastMutex {
public:
    void Init() { ExInitializeFastMutex(&m_mutex); }
    void Lock() { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }
private:
    FAST_MUTEX m_mutex;
};

// Scope lock for anything with Lock()/Unlock().
template <typename TLock>
class AutoLock {
public:
    explicit AutoLock(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~AutoLock() { m_lock.Unlock(); }
    AutoLock(const AutoLock&) = delete;
    AutoLock& operator=(const AutoLock&) = delete;
private:
    TLock& m_lock;
};

} // namespace kutil

// Pool backed new/delete.  There is no default operator new in the kernel,
// so every allocation names its pool explicitly.
inline void* __cdecl operator new(size_t size, POOL_TYPE pool, ULONG tag = kutil::DefaultTag) noexcept
{
    void* p = ExAllocatePoolWithTag(pool, size, tag);
    if (p != nullptr) {
        RtlZeroMemory(p, size);
    }
    return p;
}

void __cdecl operator delete(void* p, size_t);
void __cdecl operator delete(void* p);
