#pragma once
// KUtil.h - small RAII helpers shared by the procguard sources.

#include <ntddk.h>

#define PG_TAG 'dGrP'

#define PG_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "procguard: " fmt "\n", __VA_ARGS__)
#define PG_ERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "procguard: " fmt "\n", __VA_ARGS__)

namespace kutil {

// Shared or exclusive ownership of an EX_SPIN_LOCK for the scope.
template <bool Exclusive>
class SpinLockScope {
public:
    explicit SpinLockScope(PEX_SPIN_LOCK lock)
        : m_lock(lock), m_irql(Exclusive ? ExAcquireSpinLockExclusive(lock) : ExAcquireSpinLockShared(lock)) {}
    ~SpinLockScope() {
        if (Exclusive) ExReleaseSpinLockExclusive(m_lock, m_irql);
        else ExReleaseSpinLockShared(m_lock, m_irql);
    }
    SpinLockScope(const SpinLockScope&) = delete;
    SpinLockScope& operator=(const SpinLockScope&) = delete;
private:
    PEX_SPIN_LOCK m_lock;
    KIRQL m_irql;
};

using SharedSpinLock = SpinLockScope<false>;
using ExclusiveSpinLock = SpinLockScope<true>;

// Holds run-down protection for the lifetime of the object; check Acquired().
class RundownGuard {
public:
    explicit RundownGuard(PEX_RUNDOWN_REF ref) : m_ref(ref), m_acquired(ExAcquireRundownProtection(ref) != FALSE) {}
    ~RundownGuard() { if (m_acquired) ExReleaseRundownProtection(m_ref); }
    bool Acquired() const { return m_acquired; }
    RundownGuard(const RundownGuard&) = delete;
    RundownGuard& operator=(const RundownGuard&) = delete;
private:
    PEX_RUNDOWN_REF m_ref;
    bool m_acquired;
};

} // namespace kutil
