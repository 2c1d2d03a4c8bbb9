#pragma once
//
// ScopeExit.h - run a lambda when leaving a scope unless Dismiss() was called.
//

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& fn) : m_fn(static_cast<F&&>(fn)) {}
    ~ScopeExit() { if (m_active) { m_fn(); } }
    void Dismiss() { m_active = false; }

    ScopeExit(ScopeExit&& other) : m_fn(static_cast<F&&>(other.m_fn)), m_active(other.m_active) {
        other.m_active = false;
    }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;
private:
    F m_fn;
    bool m_active = true;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F&& fn)
{
    return ScopeExit<F>(static_cast<F&&>(fn));
}
