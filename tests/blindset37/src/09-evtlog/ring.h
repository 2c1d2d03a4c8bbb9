#pragma once

#include "evtlog.h"

namespace el {

class SpinLockGuard {
public:
    explicit SpinLockGuard(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_irql); }
    ~SpinLockGuard() { KeReleaseSpinLock(&m_lock, m_irql); }

    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    KSPIN_LOCK& m_lock;
    KIRQL       m_irql;
};

// single global ring, overwrites the oldest record when full
class EventRing {
public:
    static NTSTATUS Init(ULONG capacity);
    static void     Destroy();
    static void     Push(const EL_EVENT& ev);
    static ULONG    Pop(EL_EVENT* out, ULONG maxCount);
    static ULONG    Dropped() { return s_dropped; }

private:
    static KSPIN_LOCK   s_lock;
    static EL_EVENT*    s_buffer;
    static ULONG        s_capacity;
    static ULONG        s_head;
    static ULONG        s_count;
    static ULONG        s_dropped;
};

} // namespace el
