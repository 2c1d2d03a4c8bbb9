// unique.hpp - owning wrappers for kernel objects used by kdhelp.
//
// Copyright (c) kdhelp contributors. Apache-2.0.

#pragma once

#include <ntddk.h>

namespace kd {

constexpr ULONG kPoolTag = 'hDdK';

template <typename T> struct RemoveRef      { using Type = T; };
template <typename T> struct RemoveRef<T&>  { using Type = T; };
template <typename T> struct RemoveRef<T&&> { using Type = T; };

template <typename T>
constexpr typename RemoveRef<T>::Type&& Move(T&& t) noexcept
{
    return static_cast<typename RemoveRef<T>::Type&&>(t);
}

// Single-owner heap pointer (pool-backed operator new/delete below).
template <typename T>
class UniquePtr {
public:
    UniquePtr() noexcept = default;
    explicit UniquePtr(T* p) noexcept : m_p(p) {}
    ~UniquePtr() { Reset(); }

    UniquePtr(UniquePtr&& o) noexcept : m_p(o.Release()) {}
    UniquePtr& operator=(UniquePtr&& o) noexcept
    {
        if (this != &o) {
            Reset(o.Release());
        }
        return *this;
    }

    T* Get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    T* Release() noexcept
    {
        T* p = m_p;
        m_p = nullptr;
        return p;
    }

    void Reset(T* p = nullptr) noexcept
    {
        T* old = m_p;
        m_p = p;
        delete old;
    }

    UniquePtr(const UniquePtr&) = delete;
    UniquePtr& operator=(const UniquePtr&) = delete;

private:
    T* m_p = nullptr;
};

// Owns a DEVICE_OBJECT created with IoCreateDevice.
class UniqueDevice {
public:
    UniqueDevice() noexcept = default;
    ~UniqueDevice() { Reset(); }

    NTSTATUS Create(_In_ PDRIVER_OBJECT DriverObject, _In_ PCUNICODE_STRING Name,
                    _In_ ULONG ExtensionSize, _In_ DEVICE_TYPE Type) noexcept
    {
        Reset();
        NTSTATUS status = IoCreateDevice(DriverObject, ExtensionSize, const_cast<PUNICODE_STRING>(Name),
                                         Type, FILE_DEVICE_SECURE_OPEN, FALSE, &m_device);
        if (!NT_SUCCESS(status)) {
            m_device = nullptr;
        }
        return status;
    }

    void Reset() noexcept
    {
        if (m_device != nullptr) {
            IoDeleteDevice(m_device);
            m_device = nullptr;
        }
    }

    PDEVICE_OBJECT Get() const noexcept { return m_device; }

    UniqueDevice(const UniqueDevice&) = delete;
    UniqueDevice& operator=(const UniqueDevice&) = delete;

private:
    PDEVICE_OBJECT m_device = nullptr;
};

// Owns a symbolic link; the name storage must outlive the object.
class UniqueSymlink {
public:
    UniqueSymlink() noexcept = default;
    ~UniqueSymlink() { Reset(); }

    NTSTATUS Create(_In_ PCUNICODE_STRING Link, _In_ PCUNICODE_STRING Target) noexcept
    {
        Reset();
        NTSTATUS status = IoCreateSymbolicLink(const_cast<PUNICODE_STRING>(Link),
                                               const_cast<PUNICODE_STRING>(Target));
        if (NT_SUCCESS(status)) {
            m_link = *Link;
            m_created = true;
        }
        return status;
    }

    void Reset() noexcept
    {
        if (m_created) {
            IoDeleteSymbolicLink(&m_link);
            m_created = false;
        }
    }

    UniqueSymlink(const UniqueSymlink&) = delete;
    UniqueSymlink& operator=(const UniqueSymlink&) = delete;

private:
    UNICODE_STRING m_link = {};
    bool m_created = false;
};

} // namespace kd

inline void* __cdecl operator new(size_t size, POOL_TYPE pool) noexcept
{
    return ExAllocatePoolZero(pool, size, kd::kPoolTag);
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kd::kPoolTag);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kd::kPoolTag);
    }
}
