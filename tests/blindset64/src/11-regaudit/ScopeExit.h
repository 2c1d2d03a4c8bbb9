#pragma once
//
// ScopeExit.h - run a lambda when leaving scope unless dismissed
//

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& f) : m_fn(static_cast<F&&>(f)), m_armed(true) {}
    ScopeExit(ScopeExit&& other) : m_fn(static_cast<F&&>(other.m_fn)), m_armed(other.m_armed)
    {
        other.m_armed = false;
    }
    ~ScopeExit()
    {
        if (m_armed) {
            m_fn();
        }
    }
    void Dismiss() { m_armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_fn;
    bool m_armed;
};

template <typename F>
inline ScopeExit<F> MakeScopeExit(F&& f)
{
    return ScopeExit<F>(static_cast<F&&>(f));
}
