#pragma once
#include <ntddk.h>

namespace ps {

// ERESOURCE wrapper. Lives in a global, so it is in non-paged memory.
class Resource {
public:
    NTSTATUS Init()          { return ExInitializeResourceLite(&m_Res); }
    void     Delete()        { ExDeleteResourceLite(&m_Res); }
    void     LockShared()    { KeEnterCriticalRegion(); ExAcquireResourceSharedLite(&m_Res, TRUE); }
    void     LockExclusive() { KeEnterCriticalRegion(); ExAcquireResourceExclusiveLite(&m_Res, TRUE); }
    void     Unlock()        { ExReleaseResourceLite(&m_Res); KeLeaveCriticalRegion(); }

private:
    ERESOURCE m_Res;
};

template <typename TLock, bool Exclusive>
class ResourceGuard {
public:
    explicit ResourceGuard(TLock& lock) : m_Lock(lock)
    {
        if (Exclusive) {
            m_Lock.LockExclusive();
        } else {
            m_Lock.LockShared();
        }
    }
    ~ResourceGuard() { m_Lock.Unlock(); }

    ResourceGuard(const ResourceGuard&) = delete;
    ResourceGuard& operator=(const ResourceGuard&) = delete;

private:
    TLock& m_Lock;
};

using SharedGuard    = ResourceGuard<Resource, false>;
using ExclusiveGuard = ResourceGuard<Resource, true>;

// runs the lambda on scope exit unless Dismiss()ed - used for the
// DriverEntry rollback so every early return undoes what came before
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F fn) : m_Fn(fn), m_Armed(true) {}
    ScopeExit(ScopeExit&& other) : m_Fn(other.m_Fn), m_Armed(other.m_Armed) { other.m_Armed = false; }
    ~ScopeExit() { if (m_Armed) m_Fn(); }
    void Dismiss() { m_Armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_Fn;
    bool m_Armed;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F fn) { return ScopeExit<F>(fn); }

} // namespace ps
