// wdfptr.h - tiny ownership helpers for KMDF code (no STL in the kernel).
#pragma once

#include <ntddk.h>
#include <wdf.h>

namespace vs {

template <typename T, typename Deleter>
class unique_res {
public:
    unique_res() noexcept : m_v(nullptr) {}
    explicit unique_res(T v) noexcept : m_v(v) {}
    ~unique_res() { reset(); }

    unique_res(const unique_res&) = delete;
    unique_res& operator=(const unique_res&) = delete;

    unique_res(unique_res&& o) noexcept : m_v(o.release()) {}
    unique_res& operator=(unique_res&& o) noexcept { reset(o.release()); return *this; }

    T get() const noexcept { return m_v; }
    T* addressof() noexcept { return &m_v; }
    explicit operator bool() const noexcept { return m_v != nullptr; }

    T release() noexcept { T v = m_v; m_v = nullptr; return v; }
    void reset(T v = nullptr) noexcept
    {
        if (m_v != nullptr) {
            Deleter()(m_v);
        }
        m_v = v;
    }

private:
    T m_v;
};

struct device_init_deleter {
    void operator()(PWDFDEVICE_INIT init) const noexcept { WdfDeviceInitFree(init); }
};
struct wdf_object_deleter {
    void operator()(WDFOBJECT obj) const noexcept { WdfObjectDelete(obj); }
};

using unique_device_init = unique_res<PWDFDEVICE_INIT, device_init_deleter>;
using unique_wdf_object  = unique_res<WDFOBJECT, wdf_object_deleter>;

template <typename F>
class scope_exit {
public:
    explicit scope_exit(F f) noexcept : m_f(f) {}
    ~scope_exit() { if (m_active) m_f(); }
    void release() noexcept { m_active = false; }
    scope_exit(const scope_exit&) = delete;
    scope_exit& operator=(const scope_exit&) = delete;
private:
    F    m_f;
    bool m_active = true;
};

template <typename F>
inline scope_exit<F> make_scope_exit(F f) noexcept { return scope_exit<F>(f); }

} // namespace vs

// Trace and bail out; used where there is nothing to undo locally.
#define VS_RETURN_IF_FAILED(expr)                                               \
    do {                                                                        \
        NTSTATUS __vs_status = (expr);                                          \
        if (!NT_SUCCESS(__vs_status)) {                                         \
            KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,                 \
                       "vsensor: %s failed 0x%08X (%s:%d)\n",                   \
                       #expr, __vs_status, __FILE__, __LINE__));                \
            return __vs_status;                                                 \
        }                                                                       \
    } while (0)
