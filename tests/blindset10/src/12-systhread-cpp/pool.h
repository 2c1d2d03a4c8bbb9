// pool.h - new/delete for kernel pool
#pragma once

#include <ntifs.h>

constexpr ULONG kPoolTag = 'krWT';

inline void* operator new(size_t size, POOL_TYPE type) noexcept
{
    auto p = ExAllocatePoolWithTag(type, size, kPoolTag);
    if (p) {
        RtlZeroMemory(p, size);
    }
    return p;
}

void operator delete(void* p, size_t size);
void operator delete(void* p);
