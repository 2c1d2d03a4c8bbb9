#pragma once
//
// new/delete on top of the pool allocator. Memory from ExAllocatePool2 is
// already zeroed, which the classes below rely on.
//
#include <ntddk.h>

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p, POOL_FLAGS, ULONG)
{
    if (p) ExFreePool(p);
}

inline void __cdecl operator delete(void* p)
{
    if (p) ExFreePool(p);
}

inline void __cdecl operator delete(void* p, size_t)
{
    if (p) ExFreePool(p);
}

namespace kx {

// minimal unique_ptr: enough for "allocate, maybe bail, then hand over"
template <typename T>
class UniquePool {
public:
    explicit UniquePool(T* p = nullptr) : m_P(p) {}
    ~UniquePool() { delete m_P; }
    UniquePool(const UniquePool&) = delete;
    UniquePool& operator=(const UniquePool&) = delete;

    T* get() const { return m_P; }
    T* operator->() const { return m_P; }
    explicit operator bool() const { return m_P != nullptr; }
    T* release() { auto p = m_P; m_P = nullptr; return p; }

private:
    T* m_P;
};

} // namespace kx
