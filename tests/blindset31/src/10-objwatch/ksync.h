#pragma once
//
// ksync.h - small RAII helpers used across objwatch
//
#include <ntddk.h>

class SpinLock
{
public:
    void Init() noexcept { KeInitializeSpinLock(&m_Lock); }

private:
    friend class SpinLockGuard;
    KSPIN_LOCK m_Lock;
};

class SpinLockGuard
{
public:
    explicit SpinLockGuard(SpinLock& lock) noexcept : m_Lock(lock)
    {
        KeAcquireSpinLock(&m_Lock.m_Lock, &m_OldIrql);
    }
    ~SpinLockGuard() { KeReleaseSpinLock(&m_Lock.m_Lock, m_OldIrql); }

    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    SpinLock& m_Lock;
    KIRQL     m_OldIrql;
};

// Holds rundown protection for the lifetime of the object if it could be acquired.
class RundownGuard
{
public:
    explicit RundownGuard(PEX_RUNDOWN_REF ref) noexcept
        : m_Ref(ref), m_Held(ExAcquireRundownProtection(ref) != FALSE) {}
    ~RundownGuard()
    {
        if (m_Held) {
            ExReleaseRundownProtection(m_Ref);
        }
    }
    bool Held() const noexcept { return m_Held; }

    RundownGuard(const RundownGuard&) = delete;
    RundownGuard& operator=(const RundownGuard&) = delete;

private:
    PEX_RUNDOWN_REF m_Ref;
    bool            m_Held;
};
