// guards.h - tiny RAII helpers
#pragma once

#include <ntddk.h>

namespace kx {

class SpinLockGuard
{
public:
    explicit SpinLockGuard(KSPIN_LOCK& lock) : m_lock(lock)
    {
        KeAcquireSpinLock(&m_lock, &m_irql);
    }
    ~SpinLockGuard()
    {
        KeReleaseSpinLock(&m_lock, m_irql);
    }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    KSPIN_LOCK& m_lock;
    KIRQL       m_irql;
};

// Holds a reference on an EX_RUNDOWN_REF for the scope, if one could be had.
class RundownGuard
{
public:
    explicit RundownGuard(EX_RUNDOWN_REF& ref) : m_ref(ref)
    {
        m_held = ExAcquireRundownProtection(&m_ref) != FALSE;
    }
    ~RundownGuard()
    {
        if (m_held) {
            ExReleaseRundownProtection(&m_ref);
        }
    }
    bool Held() const { return m_held; }

    // hand the reference over to someone else (a queued work item)
    void Detach() { m_held = false; }

    RundownGuard(const RundownGuard&) = delete;
    RundownGuard& operator=(const RundownGuard&) = delete;

private:
    EX_RUNDOWN_REF& m_ref;
    bool            m_held;
};

} // namespace kx
