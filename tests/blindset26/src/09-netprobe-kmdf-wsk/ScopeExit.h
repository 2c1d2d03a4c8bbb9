//
// ScopeExit.h - minimal scope guard for kernel C++ (no exceptions, no STL).
// Runs its callable at end of scope unless Dismiss() was called.
//
#pragma once

namespace np {

template <typename Fn>
class ScopeExit
{
public:
    explicit ScopeExit(Fn fn) : m_Fn(fn), m_Active(true) {}
    ScopeExit(ScopeExit&& other) : m_Fn(other.m_Fn), m_Active(other.m_Active) { other.m_Active = false; }
    ~ScopeExit() { if (m_Active) { m_Fn(); } }

    void Dismiss() { m_Active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    Fn   m_Fn;
    bool m_Active;
};

template <typename Fn>
inline ScopeExit<Fn> MakeScopeExit(Fn fn) { return ScopeExit<Fn>(fn); }

} // namespace np
