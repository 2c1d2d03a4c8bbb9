#pragma once
//
// scope.h - the usual scope-exit helper plus an NDIS spin lock wrapper.
//

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_fn(f), m_armed(true) {}
    ~ScopeExit() { if (m_armed) { m_fn(); } }

    void Dismiss() { m_armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_fn;
    bool m_armed;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

class NdisLock {
public:
    void Init()    { NdisAllocateSpinLock(&m_lock); }
    void Destroy() { NdisFreeSpinLock(&m_lock); }
    void Acquire() { NdisAcquireSpinLock(&m_lock); }
    void Release() { NdisReleaseSpinLock(&m_lock); }

private:
    NDIS_SPIN_LOCK m_lock;
};

class LockGuard {
public:
    explicit LockGuard(NdisLock& l) : m_lock(l) { m_lock.Acquire(); }
    ~LockGuard() { m_lock.Release(); }

    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    NdisLock& m_lock;
};
