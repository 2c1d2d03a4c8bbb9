//
// unique.h - RAII wrappers for kernel registrations
//
// UniqueResource<Traits> owns one registration; Traits says what an
// empty value looks like and how to undo it.  Release() hands ownership
// out (used when DriverEntry commits), Reset() undoes it early.
//
#pragma once

#include "kalloc.h"

namespace kstd {

template <typename Traits>
class UniqueResource
{
public:
    using ValueType = typename Traits::ValueType;

    UniqueResource() noexcept : m_value(Traits::Invalid()) {}
    explicit UniqueResource(ValueType v) noexcept : m_value(v) {}

    UniqueResource(const UniqueResource&) = delete;
    UniqueResource& operator=(const UniqueResource&) = delete;

    UniqueResource(UniqueResource&& other) noexcept : m_value(other.Release()) {}

    UniqueResource& operator=(UniqueResource&& other) noexcept
    {
        if (this != &other) {
            Reset(other.Release());
        }
        return *this;
    }

    ~UniqueResource() { Reset(); }

    bool IsValid() const noexcept { return Traits::IsValid(m_value); }
    ValueType Get() const noexcept { return m_value; }

    //
    // Out-parameter for the acquiring call.  Only legal while empty, so
    // a live registration can never be overwritten and leaked.
    //
    ValueType* Put() noexcept
    {
        NT_ASSERT(!IsValid());
        return &m_value;
    }

    _Must_inspect_result_
    ValueType Release() noexcept
    {
        ValueType v = m_value;
        m_value = Traits::Invalid();
        return v;
    }

    void Reset(ValueType v = Traits::Invalid()) noexcept
    {
        ValueType old = m_value;
        m_value = v;
        if (Traits::IsValid(old)) {
            Traits::Close(old);
        }
    }

private:
    ValueType m_value;
};

//
// CmRegisterCallbackEx cookie.  Any 64-bit value is a valid cookie, so
// validity is tracked separately.
//
struct CmCookie
{
    LARGE_INTEGER Cookie;
    bool          Registered;
};

struct CmCallbackTraits
{
    using ValueType = CmCookie;
    static CmCookie Invalid() noexcept { CmCookie c = {}; return c; }
    static bool IsValid(const CmCookie& c) noexcept { return c.Registered; }
    static void Close(const CmCookie& c) noexcept
    {
        NTSTATUS status = CmUnRegisterCallback(c.Cookie);
        NT_ASSERT(NT_SUCCESS(status));
        UNREFERENCED_PARAMETER(status);
    }
};

struct ObCallbackTraits
{
    using ValueType = PVOID;
    static PVOID Invalid() noexcept { return nullptr; }
    static bool IsValid(PVOID h) noexcept { return h != nullptr; }
    static void Close(PVOID h) noexcept { ObUnRegisterCallbacks(h); }
};

struct DeviceObjectTraits
{
    using ValueType = PDEVICE_OBJECT;
    static PDEVICE_OBJECT Invalid() noexcept { return nullptr; }
    static bool IsValid(PDEVICE_OBJECT d) noexcept { return d != nullptr; }
    static void Close(PDEVICE_OBJECT d) noexcept { IoDeleteDevice(d); }
};

//
// The link name must have static storage duration; only the pointer is
// kept.
//
struct SymbolicLinkTraits
{
    using ValueType = PCUNICODE_STRING;
    static PCUNICODE_STRING Invalid() noexcept { return nullptr; }
    static bool IsValid(PCUNICODE_STRING s) noexcept { return s != nullptr; }
    static void Close(PCUNICODE_STRING s) noexcept
    {
        (void)IoDeleteSymbolicLink(const_cast<PUNICODE_STRING>(s));
    }
};

using UniqueCmCallback   = UniqueResource<CmCallbackTraits>;
using UniqueObCallback   = UniqueResource<ObCallbackTraits>;
using UniqueDeviceObject = UniqueResource<DeviceObjectTraits>;
using UniqueSymbolicLink = UniqueResource<SymbolicLinkTraits>;

} // namespace kstd
