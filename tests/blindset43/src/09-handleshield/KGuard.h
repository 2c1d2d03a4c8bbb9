#pragma once
//
// KGuard.h - RAII helpers and typed pool allocation
//
#include <ntddk.h>

namespace kg {

template<ULONG Tag>
struct Pool {
    template<typename T>
    static T* New(POOL_FLAGS flags = POOL_FLAG_NON_PAGED)
    {
        return static_cast<T*>(ExAllocatePool2(flags, sizeof(T), Tag));
    }

    static void Delete(void* p)
    {
        if (p) {
            ExFreePoolWithTag(p, Tag);
        }
    }
};

class SpinLock {
public:
    void Init() { KeInitializeSpinLock(&m_Lock); }
    _Acquires_lock_(m_Lock) void Acquire(PKIRQL old) { KeAcquireSpinLock(&m_Lock, old); }
    _Releases_lock_(m_Lock) void Release(KIRQL old) { KeReleaseSpinLock(&m_Lock, old); }
private:
    KSPIN_LOCK m_Lock;
};

class Locker {
public:
    explicit Locker(SpinLock& lock) : m_Lock(lock) { m_Lock.Acquire(&m_Irql); }
    ~Locker() { m_Lock.Release(m_Irql); }
    Locker(const Locker&) = delete;
    Locker& operator=(const Locker&) = delete;
private:
    SpinLock& m_Lock;
    KIRQL     m_Irql;
};

//
// Runs a rollback step unless Commit() is called. Steps are declared in
// registration order, so C++ scope rules unwind them in reverse.
//
template<typename F>
class Rollback {
public:
    explicit Rollback(F fn) : m_Fn(fn), m_Armed(true) {}
    ~Rollback() { if (m_Armed) m_Fn(); }
    void Commit() { m_Armed = false; }
    Rollback(const Rollback&) = delete;
    Rollback& operator=(const Rollback&) = delete;
private:
    F    m_Fn;
    bool m_Armed;
};

template<typename F>
Rollback<F> OnFailure(F fn) { return Rollback<F>(fn); }

} // namespace kg
