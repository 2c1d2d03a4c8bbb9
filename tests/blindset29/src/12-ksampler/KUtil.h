#pragma once
//
// KUtil.h - kernel C++ support for ksampler (no CRT, no exceptions)
//

#include <ntddk.h>

#define KS_TAG 'pmSK'

#define KS_TRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "ksampler: " fmt "\n", __VA_ARGS__)

// placement new/delete: objects live inside device extensions
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}

namespace kutil {

// Spin lock held at DISPATCH_LEVEL for the scope.
class SpinLockGuard {
public:
    explicit SpinLockGuard(PKSPIN_LOCK lock) : m_lock(lock) { KeAcquireSpinLock(m_lock, &m_irql); }
    ~SpinLockGuard() { KeReleaseSpinLock(m_lock, m_irql); }
    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;
private:
    PKSPIN_LOCK m_lock;
    KIRQL m_irql;
};

// Same, for code that is already running at DISPATCH_LEVEL (DPCs).
class DpcSpinLockGuard {
public:
    explicit DpcSpinLockGuard(PKSPIN_LOCK lock) : m_lock(lock) { KeAcquireSpinLockAtDpcLevel(m_lock); }
    ~DpcSpinLockGuard() { KeReleaseSpinLockFromDpcLevel(m_lock); }
    DpcSpinLockGuard(const DpcSpinLockGuard&) = delete;
    DpcSpinLockGuard& operator=(const DpcSpinLockGuard&) = delete;
private:
    PKSPIN_LOCK m_lock;
};

} // namespace kutil
