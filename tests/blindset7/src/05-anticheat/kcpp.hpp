// kcpp.hpp - the bits of C++ I want in every driver: pool new/delete and a
// scope-exit helper. No exceptions, no RTTI, no STL.
#pragma once

#include <ntddk.h>

namespace kcpp {

constexpr ULONG DefaultTag = 'CAtn';   // "ntAC" in pool monitors

enum class Pool { NonPaged, Paged };

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F fn) : m_fn(fn), m_armed(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(other.m_fn), m_armed(other.m_armed) { other.m_armed = false; }
    ~ScopeExit() { if (m_armed) { m_fn(); } }

    void Dismiss() { m_armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
    ScopeExit& operator=(ScopeExit&&) = delete;

private:
    F    m_fn;
    bool m_armed;
};

template <typename F>
ScopeExit<F> OnExit(F fn) { return ScopeExit<F>(fn); }

// Owning pointer for pool blocks that are not C++ objects.
template <typename T, ULONG Tag = DefaultTag>
class PoolPtr {
public:
    PoolPtr() : m_p(nullptr) {}
    explicit PoolPtr(T* p) : m_p(p) {}
    ~PoolPtr() { reset(); }

    PoolPtr(const PoolPtr&) = delete;
    PoolPtr& operator=(const PoolPtr&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
    void reset(T* p = nullptr) { if (m_p) { ExFreePoolWithTag(m_p, Tag); } m_p = p; }

private:
    T* m_p;
};

} // namespace kcpp

inline void* __cdecl operator new(size_t size, kcpp::Pool pool)
{
    const POOL_FLAGS flags = (pool == kcpp::Pool::Paged) ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED;
    return ExAllocatePool2(flags, size, kcpp::DefaultTag);
}

inline void __cdecl operator delete(void* p, kcpp::Pool)
{
    if (p) { ExFreePoolWithTag(p, kcpp::DefaultTag); }
}

inline void __cdecl operator delete(void* p)
{
    if (p) { ExFreePoolWithTag(p, kcpp::DefaultTag); }
}

inline void __cdecl operator delete(void* p, size_t)
{
    if (p) { ExFreePoolWithTag(p, kcpp::DefaultTag); }
}
