// scope_guard.h - minimal RAII helpers for kernel C++ (no STL available).
//
// Copyright (c) wfpfw authors. MIT License.

#pragma once

#include <ntddk.h>

namespace fw {

template <typename T> struct remove_reference      { using type = T; };
template <typename T> struct remove_reference<T&>  { using type = T; };
template <typename T> struct remove_reference<T&&> { using type = T; };

template <typename T>
constexpr typename remove_reference<T>::type&& move(T&& t) noexcept
{
    return static_cast<typename remove_reference<T>::type&&>(t);
}

// Runs a callable when leaving scope unless Dismiss() was called.
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) noexcept : m_fn(f), m_active(true) {}
    ScopeExit(ScopeExit&& other) noexcept : m_fn(other.m_fn), m_active(other.m_active)
    {
        other.m_active = false;
    }
    ~ScopeExit() noexcept
    {
        if (m_active) {
            m_fn();
        }
    }
    void Dismiss() noexcept { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
    ScopeExit& operator=(ScopeExit&&) = delete;

private:
    F    m_fn;
    bool m_active;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F f) noexcept
{
    return ScopeExit<F>(f);
}

} // namespace fw

//
// Pool-backed new/delete. Kernel C++ has no global allocator.
//
constexpr ULONG FW_CPP_TAG = 'ppCF';

inline void* __cdecl operator new(size_t size, POOL_TYPE pool) noexcept
{
    void* p = ExAllocatePoolZero(pool, size, FW_CPP_TAG);
    return p;
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, FW_CPP_TAG);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) {
        ExFreePoolWithTag(p, FW_CPP_TAG);
    }
}
