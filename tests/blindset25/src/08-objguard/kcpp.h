// kcpp.h - the bits of C++ support a kernel driver needs: tagged new/delete,
// a scope guard for rollback and a tiny lock guard template.
#pragma once

#include <ntddk.h>

constexpr ULONG kGuardTag = 'drGO';

// ExAllocatePool2 returns zeroed memory or nullptr, it never throws
inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p, POOL_FLAGS, ULONG tag) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, tag);
    }
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kGuardTag);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kGuardTag);
    }
}

// runs a lambda when it goes out of scope unless Dismiss() was called
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& f) : m_fn(static_cast<F&&>(f)), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(static_cast<F&&>(other.m_fn)), m_active(other.m_active)
    {
        other.m_active = false;
    }
    ~ScopeExit()
    {
        if (m_active) {
            m_fn();
        }
    }
    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_fn;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F&& f)
{
    return ScopeExit<F>(static_cast<F&&>(f));
}

class SpinLock {
public:
    SpinLock() { KeInitializeSpinLock(&m_lock); }
    void Lock() { KeAcquireSpinLock(&m_lock, &m_irql); }
    void Unlock() { KeReleaseSpinLock(&m_lock, m_irql); }
private:
    KSPIN_LOCK m_lock;
    KIRQL      m_irql;
};

template <typename TLock>
class LockGuard {
public:
    explicit LockGuard(TLock& lock) : m_lock(lock) { m_lock.Lock(); }
    ~LockGuard() { m_lock.Unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;
private:
    TLock& m_lock;
};
