// kpp.h - tiny helpers I keep copying between my kernel toy projects
#pragma once

#include <ntddk.h>

#define PROCMON_TAG 'nmcP'

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procmon] " fmt "\n", __VA_ARGS__)

// pool backed new/delete (no CRT in kernel mode)
void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag);
void __cdecl operator delete(void* p, size_t size);
void __cdecl operator delete(void* p);

namespace kpp {

class FastMutex {
public:
    void Init() { ExInitializeFastMutex(&m_mutex); }
    void Lock() { ExAcquireFastMutex(&m_mutex); }
    void Unlock() { ExReleaseFastMutex(&m_mutex); }

private:
    FAST_MUTEX m_mutex;
};

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

template <typename T>
constexpr T Min(T a, T b) { return a < b ? a : b; }

} // namespace kpp
