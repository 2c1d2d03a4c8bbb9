// kmem.h - minimal new/delete for kernel code (no CRT here)
#pragma once

#include <ntddk.h>

#define HB_POOL_TAG 'tbHK'

inline void* __cdecl operator new(size_t size, POOL_TYPE pool, ULONG tag = HB_POOL_TAG)
{
    void* p = ExAllocatePoolWithTag(pool, size, tag);
    if (p) {
        RtlZeroMemory(p, size);
    }
    return p;
}

inline void* __cdecl operator new[](size_t size, POOL_TYPE pool, ULONG tag = HB_POOL_TAG)
{
    void* p = ExAllocatePoolWithTag(pool, size, tag);
    if (p) {
        RtlZeroMemory(p, size);
    }
    return p;
}

inline void __cdecl operator delete(void* p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, HB_POOL_TAG);
    }
}

inline void __cdecl operator delete[](void* p)
{
    if (p) {
        ExFreePoolWithTag(p, HB_POOL_TAG);
    }
}
