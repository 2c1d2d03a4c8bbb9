#pragma once
#include <fltKernel.h>

namespace fsm {

//
// Minimal unique_ptr-alike for opaque kernel resources.
//
template <typename T, auto Deleter>
class UniqueResource {
public:
    constexpr UniqueResource() noexcept = default;
    explicit UniqueResource(T value) noexcept : m_value(value) {}
    ~UniqueResource() { reset(); }

    UniqueResource(const UniqueResource&) = delete;
    UniqueResource& operator=(const UniqueResource&) = delete;

    UniqueResource(UniqueResource&& other) noexcept : m_value(other.release()) {}
    UniqueResource& operator=(UniqueResource&& other) noexcept
    {
        if (this != &other) {
            reset(other.release());
        }
        return *this;
    }

    [[nodiscard]] T get() const noexcept { return m_value; }
    explicit operator bool() const noexcept { return m_value != T{}; }

    // give up ownership without freeing
    [[nodiscard]] T release() noexcept
    {
        T v = m_value;
        m_value = T{};
        return v;
    }

    // free the current value (if any) and take the new one
    void reset(T value = T{}) noexcept
    {
        if (m_value != T{}) {
            Deleter(m_value);
        }
        m_value = value;
    }

private:
    T m_value{};
};

inline void FreeSecurityDescriptor(PSECURITY_DESCRIPTOR sd) { FltFreeSecurityDescriptor(sd); }
inline void ReleaseNameInfo(PFLT_FILE_NAME_INFORMATION info) { FltReleaseFileNameInformation(info); }

using UniqueSecurityDescriptor = UniqueResource<PSECURITY_DESCRIPTOR, FreeSecurityDescriptor>;
using UniqueNameInfo           = UniqueResource<PFLT_FILE_NAME_INFORMATION, ReleaseNameInfo>;

} // namespace fsm
