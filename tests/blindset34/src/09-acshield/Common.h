#pragma once
#include <ntddk.h>

#define AC_TAG 'dhSA'

#define AC_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "acshield: " fmt "\n", __VA_ARGS__)
#define AC_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "acshield: " fmt "\n", __VA_ARGS__)

namespace ac {

// Scope guard: runs the lambda on scope exit unless dismissed.
template <typename F>
class Guard {
public:
    explicit Guard(F fn) : m_fn(fn), m_armed(true) {}
    ~Guard() { if (m_armed) { m_fn(); } }
    void Dismiss() { m_armed = false; }
private:
    F    m_fn;
    bool m_armed;
};

template <typename F>
Guard<F> MakeGuard(F fn) { return Guard<F>(fn); }

class SpinLock {
public:
    void Init() { KeInitializeSpinLock(&m_lock); }
    KIRQL Acquire() { KIRQL irql; KeAcquireSpinLock(&m_lock, &irql); return irql; }
    void Release(KIRQL irql) { KeReleaseSpinLock(&m_lock, irql); }
private:
    KSPIN_LOCK m_lock;
};

template <typename TLock>
class Locker {
public:
    explicit Locker(TLock& lock) : m_lock(lock), m_irql(lock.Acquire()) {}
    ~Locker() { m_lock.Release(m_irql); }
private:
    TLock& m_lock;
    KIRQL  m_irql;
};

// Holds run-down protection for the lifetime of the object.
class RundownRef {
public:
    explicit RundownRef(PEX_RUNDOWN_REF ref) : m_ref(ref), m_held(ExAcquireRundownProtection(ref) != FALSE) {}
    ~RundownRef() { if (m_held) { ExReleaseRundownProtection(m_ref); } }
    explicit operator bool() const { return m_held; }
private:
    PEX_RUNDOWN_REF m_ref;
    bool            m_held;
};

} // namespace ac
