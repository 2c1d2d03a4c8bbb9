//
// kalloc.h - tagged pool allocators and an owning pointer for kernel C++
//
// No CRT, no exceptions, no global operator new: every allocation names
// its pool and tag through the allocator type, and objects are built
// with placement new into memory from that allocator.
//
#pragma once

#include <ntddk.h>

//
// Placement forms only.  The plain forms are intentionally not
// provided so an accidental 'new T' fails to link.
//
inline void* __cdecl operator new(size_t, void* where) noexcept { return where; }
inline void __cdecl operator delete(void*, void*) noexcept {}

namespace kstd {

template <typename T> struct remove_reference       { using type = T; };
template <typename T> struct remove_reference<T&>   { using type = T; };
template <typename T> struct remove_reference<T&&>  { using type = T; };

template <typename T>
constexpr typename remove_reference<T>::type&& move(T&& v) noexcept
{
    return static_cast<typename remove_reference<T>::type&&>(v);
}

template <typename T>
constexpr T&& forward(typename remove_reference<T>::type& v) noexcept
{
    return static_cast<T&&>(v);
}

//
// PoolAllocator<Flags, Tag>: stateless, so it costs nothing to embed.
// ExAllocatePool2 returns zeroed memory.
//
template <POOL_FLAGS Flags, ULONG Tag>
struct PoolAllocator
{
    _IRQL_requires_max_(DISPATCH_LEVEL)
    static void* Allocate(size_t bytes) noexcept
    {
        return ExAllocatePool2(Flags, bytes, Tag);
    }

    _IRQL_requires_max_(DISPATCH_LEVEL)
    static void Free(void* p) noexcept
    {
        if (p != nullptr) {
            ExFreePoolWithTag(p, Tag);
        }
    }
};

using NonPagedAlloc = PoolAllocator<POOL_FLAG_NON_PAGED, 'aRgR'>;
using PagedAlloc    = PoolAllocator<POOL_FLAG_PAGED,     'pRgR'>;

//
// UniquePtr<T, Alloc>: single owner; the destructor runs ~T() and gives
// the memory back to the same allocator it came from.
//
template <typename T, typename Alloc>
class UniquePtr
{
public:
    UniquePtr() noexcept : m_p(nullptr) {}
    explicit UniquePtr(T* p) noexcept : m_p(p) {}

    UniquePtr(const UniquePtr&) = delete;
    UniquePtr& operator=(const UniquePtr&) = delete;

    UniquePtr(UniquePtr&& other) noexcept : m_p(other.Release()) {}

    UniquePtr& operator=(UniquePtr&& other) noexcept
    {
        if (this != &other) {
            Reset(other.Release());
        }
        return *this;
    }

    ~UniquePtr() { Reset(); }

    T* Get() const noexcept { return m_p; }
    T* operator->() const noexcept { return m_p; }
    T& operator*() const noexcept { return *m_p; }
    explicit operator bool() const noexcept { return m_p != nullptr; }

    _Must_inspect_result_
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
        if (old != nullptr) {
            old->~T();
            Alloc::Free(old);
        }
    }

private:
    T* m_p;
};

//
// MakeUnique: allocation failure returns an empty pointer.  The
// arguments are forwarded references, so nothing is moved from the
// caller's objects unless the allocation succeeded.
//
template <typename T, typename Alloc, typename... Args>
UniquePtr<T, Alloc> MakeUnique(Args&&... args) noexcept
{
    void* mem = Alloc::Allocate(sizeof(T));
    if (mem == nullptr) {
        return UniquePtr<T, Alloc>();
    }
    return UniquePtr<T, Alloc>(new (mem) T(forward<Args>(args)...));
}

//
// Destroy an object handed out by UniquePtr::Release().
//
template <typename Alloc, typename T>
void Delete(T* p) noexcept
{
    if (p != nullptr) {
        p->~T();
        Alloc::Free(p);
    }
}

} // namespace kstd
