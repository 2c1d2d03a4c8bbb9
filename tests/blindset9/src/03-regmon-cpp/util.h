// util.h - small RAII pieces for kernel C++ (no exceptions, no STL)
#pragma once

#include <ntddk.h>

namespace util {

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& fn) : m_fn(static_cast<F&&>(fn)), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(static_cast<F&&>(other.m_fn)), m_active(other.m_active)
    {
        other.m_active = false;
    }
    ~ScopeExit()
    {
        if (m_active) {
            m_fn();
        }
    }
    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F m_fn;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F&& fn)
{
    return ScopeExit<F>(static_cast<F&&>(fn));
}

// unique owner of a pool block
template <typename T, ULONG Tag>
class PoolPtr {
public:
    PoolPtr() = default;
    explicit PoolPtr(T* p) : m_p(p) {}
    ~PoolPtr() { Reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    static PoolPtr Allocate(SIZE_T bytes, POOL_FLAGS flags = POOL_FLAG_PAGED)
    {
        return PoolPtr(static_cast<T*>(ExAllocatePool2(flags, bytes, Tag)));
    }

    PoolPtr(PoolPtr&& other) : m_p(other.Release()) {}

    T* Get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    T* Release()
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void Reset(T* p = nullptr)
    {
        if (m_p) {
            ExFreePoolWithTag(m_p, Tag);
        }
        m_p = p;
    }

private:
    T* m_p = nullptr;
};

class Mutex {
public:
    void Init() { ExInitializeFastMutex(&m_m); }
    void Lock() { ExAcquireFastMutex(&m_m); }
    void Unlock() { ExReleaseFastMutex(&m_m); }

private:
    FAST_MUTEX m_m;
};

class Locker {
public:
    explicit Locker(Mutex& m) : m_m(m) { m_m.Lock(); }
    ~Locker() { m_m.Unlock(); }

private:
    Mutex& m_m;
};

} // namespace util
