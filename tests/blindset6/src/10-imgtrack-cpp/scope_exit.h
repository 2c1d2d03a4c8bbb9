#pragma once

//
// Minimal scope guard for kernel code (no exceptions, no STL).
//
namespace kx {

template <typename F>
class ScopeExit
{
public:
    explicit ScopeExit(F fn) : m_fn(fn), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(other.m_fn), m_active(other.m_active) { other.m_active = false; }
    ~ScopeExit() { if (m_active) { m_fn(); } }

    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_fn;
    bool m_active;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F fn)
{
    return ScopeExit<F>(fn);
}

} // namespace kx
