// kstd.h - tiny "standard library" for kernel C++ (no CRT, no exceptions)
#pragma once
#include <ntddk.h>

namespace kstd {

constexpr ULONG kPoolTag = 'nMrP';

// ---------------------------------------------------------------------------
// locks
// ---------------------------------------------------------------------------
class FastMutex {
public:
    void Init()   { ExInitializeFastMutex(&m_mutex); }
    void Lock()   { ExAcquireFastMutex(&m_mutex); }
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

// ---------------------------------------------------------------------------
// scope exit: runs a lambda unless dismissed
// ---------------------------------------------------------------------------
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F fn) : m_fn(fn), m_armed(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(other.m_fn), m_armed(other.m_armed) { other.m_armed = false; }
    ~ScopeExit() { if (m_armed) m_fn(); }
    void Dismiss() { m_armed = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F m_fn;
    bool m_armed;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F fn) { return ScopeExit<F>(fn); }

// ---------------------------------------------------------------------------
// owning pointer to a pool block
// ---------------------------------------------------------------------------
template <typename T>
class PoolPtr {
public:
    PoolPtr() = default;
    explicit PoolPtr(T* p) : m_p(p) {}
    ~PoolPtr() { reset(); }
    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
    void reset(T* p = nullptr) {
        if (m_p) ExFreePoolWithTag(m_p, kPoolTag);
        m_p = p;
    }
private:
    T* m_p = nullptr;
};

} // namespace kstd

// pool-backed allocation functions; the CRT ones do not exist in kernel mode
inline void* __cdecl operator new(size_t size, POOL_TYPE pool, ULONG tag)
{
    void* p = ExAllocatePoolWithTag(pool, size, tag);
    if (p) RtlZeroMemory(p, size);
    return p;
}

inline void __cdecl operator delete(void* p, size_t)
{
    if (p) ExFreePoolWithTag(p, kstd::kPoolTag);
}

inline void __cdecl operator delete(void* p)
{
    if (p) ExFreePoolWithTag(p, kstd::kPoolTag);
}
