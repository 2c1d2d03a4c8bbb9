//
// kutil.h - small helpers for kernel C++: scope guards, a pool-backed
// unique pointer and lock guards. No exceptions, no CRT.
//
#pragma once

extern "C" {
#include <ntddk.h>
}

namespace kutil {

template <typename T> struct remove_reference      { using type = T; };
template <typename T> struct remove_reference<T&>  { using type = T; };
template <typename T> struct remove_reference<T&&> { using type = T; };

template <typename T>
constexpr typename remove_reference<T>::type&& move(T&& value) noexcept
{
    return static_cast<typename remove_reference<T>::type&&>(value);
}

template <typename F>
class scope_exit_t {
public:
    explicit scope_exit_t(F&& fn) : m_fn(move(fn)), m_active(true) {}
    scope_exit_t(scope_exit_t&& other) : m_fn(move(other.m_fn)), m_active(other.m_active)
    {
        other.m_active = false;
    }
    ~scope_exit_t()
    {
        if (m_active) {
            m_fn();
        }
    }
    void release() { m_active = false; }

    scope_exit_t(const scope_exit_t&) = delete;
    scope_exit_t& operator=(const scope_exit_t&) = delete;

private:
    F    m_fn;
    bool m_active;
};

template <typename F>
inline scope_exit_t<F> scope_exit(F&& fn)
{
    return scope_exit_t<F>(move(fn));
}

template <typename T, ULONG Tag>
class pool_ptr {
public:
    constexpr pool_ptr() : m_p(nullptr) {}
    explicit pool_ptr(T* p) : m_p(p) {}
    ~pool_ptr() { reset(); }

    pool_ptr(const pool_ptr&) = delete;
    pool_ptr& operator=(const pool_ptr&) = delete;

    static T* allocate(SIZE_T count)
    {
        return static_cast<T*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(T) * count, Tag));
    }

    void reset(T* p = nullptr)
    {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, Tag);
        }
        m_p = p;
    }

    T* get() const { return m_p; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
    explicit operator bool() const { return m_p != nullptr; }
    T& operator[](SIZE_T i) const { return m_p[i]; }

private:
    T* m_p;
};

class spin_lock {
public:
    constexpr spin_lock() : m_lock(0) {}
    void acquire(PKLOCK_QUEUE_HANDLE handle) { KeAcquireInStackQueuedSpinLock(&m_lock, handle); }
    void release(PKLOCK_QUEUE_HANDLE handle) { KeReleaseInStackQueuedSpinLock(handle); }

private:
    KSPIN_LOCK m_lock;
};

class lock_guard {
public:
    explicit lock_guard(spin_lock& lock) : m_lock(lock) { m_lock.acquire(&m_handle); }
    ~lock_guard() { m_lock.release(&m_handle); }

    lock_guard(const lock_guard&) = delete;
    lock_guard& operator=(const lock_guard&) = delete;

private:
    spin_lock&          m_lock;
    KLOCK_QUEUE_HANDLE  m_handle;
};

} // namespace kutil
