//
// guard.h - rollback guards for initialization code.
//
#pragma once

namespace audit {

template <class Fn>
class guard {
public:
    explicit guard(Fn fn) noexcept : m_fn(static_cast<Fn&&>(fn)), m_armed(true) {}

    guard(guard&& other) noexcept : m_fn(static_cast<Fn&&>(other.m_fn)), m_armed(other.m_armed)
    {
        other.m_armed = false;
    }

    ~guard() noexcept
    {
        if (m_armed) {
            m_fn();
        }
    }

    void dismiss() noexcept { m_armed = false; }

    guard(const guard&) = delete;
    guard& operator=(const guard&) = delete;
    guard& operator=(guard&&) = delete;

private:
    Fn   m_fn;
    bool m_armed;
};

template <class Fn>
inline guard<Fn> make_guard(Fn fn) noexcept
{
    return guard<Fn>(static_cast<Fn&&>(fn));
}

} // namespace audit
