// kstd.h - the handful of std-like bits this driver uses
#pragma once

#include <ntifs.h>

constexpr ULONG WT_TAG = 'krWT';

void* __cdecl operator new(size_t size, POOL_TYPE type, ULONG tag);
void __cdecl operator delete(void* p, size_t size);

namespace kstd {

template <typename T>
class unique_ptr {
public:
    unique_ptr() = default;
    explicit unique_ptr(T* p) : m_p(p) {}
    ~unique_ptr() { reset(); }

    unique_ptr(const unique_ptr&) = delete;
    unique_ptr& operator=(const unique_ptr&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    explicit operator bool() const { return m_p != nullptr; }

    T* release()
    {
        auto p = m_p;
        m_p = nullptr;
        return p;
    }

    void reset(T* p = nullptr)
    {
        if (m_p) {
            delete m_p;
        }
        m_p = p;
    }

private:
    T* m_p = nullptr;
};

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F f) : m_f(f) {}
    ~scope_exit()
    {
        if (m_on) {
            m_f();
        }
    }
    void release() { m_on = false; }

private:
    F m_f;
    bool m_on = true;
};

} // namespace kstd
