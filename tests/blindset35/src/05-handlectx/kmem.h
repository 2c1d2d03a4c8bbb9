#pragma once
// kmem.h -- new/delete on top of ExAllocatePool2 (no CRT in the kernel)

#include <fltKernel.h>

namespace kmem {
constexpr ULONG DefaultTag = 'xCdH';
}

inline void* __cdecl operator new(size_t n, POOL_FLAGS flags)
{
    return ExAllocatePool2(flags, n, kmem::DefaultTag);
}

inline void* __cdecl operator new[](size_t n, POOL_FLAGS flags)
{
    return ExAllocatePool2(flags, n, kmem::DefaultTag);
}

// replaceable deletes are defined out of line in kmem.cpp
void __cdecl operator delete(void* p) noexcept;
void __cdecl operator delete(void* p, size_t) noexcept;
void __cdecl operator delete[](void* p) noexcept;
