#pragma once
#include <ntifs.h>

//
// tiny RAII helpers - no STL in the kernel
//
namespace kx {

class ExclusiveLock {
public:
    explicit ExclusiveLock(PERESOURCE Res) : m_res(Res) {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(m_res, TRUE);
    }
    ~ExclusiveLock() {
        ExReleaseResourceLite(m_res);
        KeLeaveCriticalRegion();
    }
    ExclusiveLock(const ExclusiveLock&) = delete;
    ExclusiveLock& operator=(const ExclusiveLock&) = delete;
private:
    PERESOURCE m_res;
};

class SharedLock {
public:
    explicit SharedLock(PERESOURCE Res) : m_res(Res) {
        KeEnterCriticalRegion();
        ExAcquireResourceSharedLite(m_res, TRUE);
    }
    ~SharedLock() {
        ExReleaseResourceLite(m_res);
        KeLeaveCriticalRegion();
    }
    SharedLock(const SharedLock&) = delete;
    SharedLock& operator=(const SharedLock&) = delete;
private:
    PERESOURCE m_res;
};

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ~ScopeExit() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

} // namespace kx
