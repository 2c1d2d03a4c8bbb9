// kalloc.h - pool backed new/delete for this driver
#pragma once

#include <ntddk.h>

enum class PoolKind : int {
    NonPaged,
    Paged
};

// new (PoolKind::NonPaged, 'gaT1') Foo(...) -> nullptr on failure, no exceptions here
void* __cdecl operator new(size_t size, PoolKind kind, ULONG tag) noexcept;
void  __cdecl operator delete(void* p, PoolKind kind, ULONG tag) noexcept;

// the plain forms end up in ExFreePool
void __cdecl operator delete(void* p) noexcept;
void __cdecl operator delete(void* p, size_t size) noexcept;

template <typename T>
class UniquePool {
public:
    UniquePool() : m_p(nullptr) {}
    explicit UniquePool(T* p) : m_p(p) {}
    ~UniquePool() { delete m_p; }

    UniquePool(const UniquePool&) = delete;
    UniquePool& operator=(const UniquePool&) = delete;

    T* get() const { return m_p; }
    T* operator->() const { return m_p; }
    T* release() { T* p = m_p; m_p = nullptr; return p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T* m_p;
};
