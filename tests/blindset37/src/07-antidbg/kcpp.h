#pragma once
//
// minimal C++ support for kernel mode: pool-backed new/delete
//
#include <ntifs.h>

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) {
        ExFreePool(p);
    }
}

// matching placement delete, only called if a constructor throws (never here)
inline void __cdecl operator delete(void* p, POOL_FLAGS, ULONG) noexcept
{
    if (p) {
        ExFreePool(p);
    }
}
