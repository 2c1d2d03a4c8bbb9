// ScopeExit.h
#pragma once

namespace twoalt {

template <typename Fn>
class ScopeExit {
public:
    explicit ScopeExit(Fn fn) : m_fn(fn) {}
    ScopeExit(ScopeExit&& other) : m_fn(other.m_fn), m_active(other.m_active) { other.m_active = false; }
    ~ScopeExit() { if (m_active) m_fn(); }

    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    Fn m_fn;
    bool m_active = true;
};

template <typename Fn>
inline ScopeExit<Fn> OnExit(Fn fn) { return ScopeExit<Fn>(fn); }

} // namespace twoalt
