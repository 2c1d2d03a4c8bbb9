#pragma once
#include "common.h"

namespace pw {

template <typename T> struct remove_ref       { using type = T; };
template <typename T> struct remove_ref<T&>   { using type = T; };
template <typename T> struct remove_ref<T&&>  { using type = T; };

template <typename T>
constexpr T&& fwd(typename remove_ref<T>::type& v) noexcept { return static_cast<T&&>(v); }

//
// Runs a callable when it leaves scope unless Dismiss() was called.
//
template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F&& fn) : m_fn(fwd<F>(fn)) {}
    ~ScopeExit() { if (m_armed) { m_fn(); } }

    void Dismiss() noexcept { m_armed = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_fn;
    bool m_armed = true;
};

template <typename F>
[[nodiscard]] ScopeExit<F> MakeScopeExit(F&& fn)
{
    return ScopeExit<F>(fwd<F>(fn));
}

//
// Kernel handle holder, ZwClose on destruction.
//
class UniqueHandle {
public:
    UniqueHandle() = default;
    explicit UniqueHandle(HANDLE h) : m_h(h) {}
    ~UniqueHandle() { reset(); }

    UniqueHandle(const UniqueHandle&) = delete;
    UniqueHandle& operator=(const UniqueHandle&) = delete;

    HANDLE get() const { return m_h; }
    HANDLE* put() { reset(); return &m_h; }
    explicit operator bool() const { return m_h != nullptr; }

    void reset(HANDLE h = nullptr)
    {
        if (m_h) {
            ZwClose(m_h);
        }
        m_h = h;
    }

private:
    HANDLE m_h = nullptr;
};

} // namespace pw
