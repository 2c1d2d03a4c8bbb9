// guard.h - "finally" helper: run a lambda on scope exit unless cancelled
#pragma once

namespace kx {

template <typename F>
class Finally {
public:
    explicit Finally(F f) noexcept : m_f(f), m_live(true) {}

    Finally(Finally&& other) noexcept : m_f(other.m_f), m_live(other.m_live)
    {
        other.m_live = false;
    }

    ~Finally() noexcept
    {
        if (m_live) {
            m_f();
        }
    }

    void Cancel() noexcept { m_live = false; }

    Finally(const Finally&) = delete;
    Finally& operator=(const Finally&) = delete;
    Finally& operator=(Finally&&) = delete;

private:
    F    m_f;
    bool m_live;
};

template <typename F>
inline Finally<F> finally(F f) noexcept
{
    return Finally<F>(f);
}

} // namespace kx
