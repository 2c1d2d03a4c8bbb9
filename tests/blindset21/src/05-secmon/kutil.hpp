//
// kutil.hpp
//
// Small kernel-mode C++ support library: pool operator new, owning
// pointer with custom deleters and a generic "armed resource" RAII holder.
// No exceptions, no CRT.
//
#pragma once

#include <ntddk.h>

//
// Pool allocation operators. Non-throwing: callers must check for nullptr.
//
inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p, POOL_FLAGS, ULONG) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete[](void* p, POOL_FLAGS, ULONG) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete[](void* p) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

namespace kutil {

template <class T> struct RemoveReference      { using Type = T; };
template <class T> struct RemoveReference<T&>  { using Type = T; };
template <class T> struct RemoveReference<T&&> { using Type = T; };

template <class T>
constexpr typename RemoveReference<T>::Type&& Move(T&& v) noexcept
{
    return static_cast<typename RemoveReference<T>::Type&&>(v);
}

//
// Deleter for objects created with the pool operator new above.
//
template <class T>
struct PoolDeleter {
    void operator()(T* p) const noexcept
    {
        if (p != nullptr) {
            p->~T();
            ExFreePool(p);
        }
    }
};

//
// Minimal unique_ptr.
//
template <class T, class Deleter = PoolDeleter<T>>
class UniquePtr {
public:
    constexpr UniquePtr() noexcept : m_Ptr(nullptr) {}
    explicit UniquePtr(T* p) noexcept : m_Ptr(p) {}
    UniquePtr(UniquePtr&& other) noexcept : m_Ptr(other.Release()) {}
    ~UniquePtr() { Reset(); }

    UniquePtr& operator=(UniquePtr&& other) noexcept
    {
        if (this != &other) {
            Reset(other.Release());
        }
        return *this;
    }

    UniquePtr(const UniquePtr&) = delete;
    UniquePtr& operator=(const UniquePtr&) = delete;

    T* Get() const noexcept { return m_Ptr; }
    T* operator->() const noexcept { return m_Ptr; }
    T& operator*() const noexcept { return *m_Ptr; }
    explicit operator bool() const noexcept { return m_Ptr != nullptr; }

    _Ret_maybenull_ T* Release() noexcept
    {
        T* p = m_Ptr;
        m_Ptr = nullptr;
        return p;
    }

    void Reset(T* p = nullptr) noexcept
    {
        T* old = m_Ptr;
        m_Ptr = p;
        if (old != nullptr) {
            Deleter()(old);
        }
    }

private:
    T* m_Ptr;
};

//
// Generic RAII holder for "registration" style resources. Traits supply
//   using Type;
//   static void Close(Type value) noexcept;
// The holder tracks validity separately, so values such as a zero cookie
// are representable.
//
template <class Traits>
class UniqueResource {
public:
    using Type = typename Traits::Type;

    UniqueResource() noexcept : m_Value(), m_Valid(false) {}
    ~UniqueResource() { Reset(); }

    UniqueResource(const UniqueResource&) = delete;
    UniqueResource& operator=(const UniqueResource&) = delete;

    void Put(Type value) noexcept
    {
        Reset();
        m_Value = value;
        m_Valid = true;
    }

    Type Get() const noexcept { return m_Value; }
    bool IsValid() const noexcept { return m_Valid; }

    Type Release() noexcept
    {
        m_Valid = false;
        return m_Value;
    }

    void Reset() noexcept
    {
        if (m_Valid) {
            m_Valid = false;
            Traits::Close(m_Value);
        }
    }

private:
    Type m_Value;
    bool m_Valid;
};

//
// Spin lock guard.
//
class SpinLockGuard {
public:
    explicit SpinLockGuard(PKSPIN_LOCK lock) noexcept : m_Lock(lock)
    {
        KeAcquireSpinLock(m_Lock, &m_OldIrql);
    }
    ~SpinLockGuard() { KeReleaseSpinLock(m_Lock, m_OldIrql); }

    SpinLockGuard(const SpinLockGuard&) = delete;
    SpinLockGuard& operator=(const SpinLockGuard&) = delete;

private:
    PKSPIN_LOCK m_Lock;
    KIRQL       m_OldIrql;
};

} // namespace kutil
