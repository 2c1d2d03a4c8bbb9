// kstd.h - poor man's std for kernel code: scope_exit and unique_pool
#pragma once

#include <ntifs.h>

namespace kstd {

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F&& fn) : m_fn(static_cast<F&&>(fn)) {}
    ~scope_exit() { if (m_active) m_fn(); }
    void release() { m_active = false; }
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
private:
    F m_fn;
    bool m_active = true;
};

template <typename F>
scope_exit<F> make_scope_exit(F&& fn) { return scope_exit<F>(static_cast<F&&>(fn)); }

// Owns a pool block of T (or raw bytes).
template <typename T, ULONG Tag = 'dRmM'>
class unique_pool {
public:
    unique_pool() = default;
    explicit unique_pool(SIZE_T bytes, POOL_TYPE type = NonPagedPoolNx)
        : m_p(static_cast<T*>(ExAllocatePoolWithTag(type, bytes, Tag))) {}
    ~unique_pool() { reset(); }
    unique_pool(const unique_pool&) = delete;
    unique_pool& operator=(const unique_pool&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    void reset(T* p = nullptr) {
        if (m_p != nullptr) {
            ExFreePoolWithTag(m_p, Tag);
        }
        m_p = p;
    }
private:
    T* m_p = nullptr;
};

} // namespace kstd
