// scope.h - tiny scope_exit for kernel code (no STL here)
#pragma once

namespace kutil {

template <typename T> struct remove_ref      { using type = T; };
template <typename T> struct remove_ref<T&>  { using type = T; };
template <typename T> struct remove_ref<T&&> { using type = T; };

template <typename T>
constexpr T&& fwd(typename remove_ref<T>::type& t) noexcept { return static_cast<T&&>(t); }

template <typename T>
constexpr typename remove_ref<T>::type&& move(T&& t) noexcept
{
    return static_cast<typename remove_ref<T>::type&&>(t);
}

// Runs the callable when it goes out of scope, unless release() was called.
template <typename F>
class scope_exit {
public:
    explicit scope_exit(F&& f) noexcept : m_fn(kutil::move(f)), m_armed(true) {}

    scope_exit(scope_exit&& other) noexcept
        : m_fn(kutil::move(other.m_fn)), m_armed(other.m_armed)
    {
        other.m_armed = false;
    }

    ~scope_exit() noexcept
    {
        if (m_armed) {
            m_fn();
        }
    }

    void release() noexcept { m_armed = false; }

    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
    scope_exit& operator=(scope_exit&&) = delete;

private:
    F    m_fn;
    bool m_armed;
};

template <typename F>
scope_exit<typename remove_ref<F>::type> make_scope_exit(F&& f) noexcept
{
    return scope_exit<typename remove_ref<F>::type>(kutil::fwd<F>(f));
}

} // namespace kutil
