// raii.h - owning handles for the Filter Manager and kernel objects.
//
// Modelled on wil's unique_any: a handle plus a deleter type.  Locals
// are destroyed in reverse order of declaration, which is exactly the
// unwind order DriverEntry needs.
#pragma once

#include <fltKernel.h>

namespace mfh {

template <typename T, void (*Close)(T)>
class unique_handle {
public:
    unique_handle() = default;
    explicit unique_handle(T h) : m_h(h) {}
    ~unique_handle() { reset(); }

    unique_handle(const unique_handle&) = delete;
    unique_handle& operator=(const unique_handle&) = delete;

    T get() const { return m_h; }
    T* put() { reset(); return &m_h; }
    T release() { T h = m_h; m_h = T{}; return h; }
    void reset(T h = T{})
    {
        if (m_h != T{}) {
            Close(m_h);
        }
        m_h = h;
    }
    explicit operator bool() const { return m_h != T{}; }

private:
    T m_h{};
};

inline void close_filter(PFLT_FILTER f)           { FltUnregisterFilter(f); }
inline void close_port(PFLT_PORT p)               { FltCloseCommunicationPort(p); }
inline void free_sd(PSECURITY_DESCRIPTOR sd)      { FltFreeSecurityDescriptor(sd); }
inline void close_kernel_handle(HANDLE h)         { ZwClose(h); }

using unique_filter   = unique_handle<PFLT_FILTER, close_filter>;
using unique_port     = unique_handle<PFLT_PORT, close_port>;
using unique_sd       = unique_handle<PSECURITY_DESCRIPTOR, free_sd>;
using unique_khandle  = unique_handle<HANDLE, close_kernel_handle>;

} // namespace mfh
