#pragma once
#include <ntddk.h>

#define TG_TAG 'dGhT'

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag = TG_TAG) noexcept;
void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag = TG_TAG) noexcept;
void  __cdecl operator delete(void* p, size_t) noexcept;
void  __cdecl operator delete[](void* p) noexcept;
void  __cdecl operator delete[](void* p, size_t) noexcept;

//
// run a lambda when leaving scope unless dismissed - used for DriverEntry rollback
//
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_f(other.m_f), m_active(other.m_active) { other.m_active = false; }
    ~ScopeExit() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }
