//
// kx.cpp - global allocation operators for kernel-mode C++.
//
// Only the pool-aware placement form of operator new exists, so every
// allocation in the driver states its pool explicitly and a plain "new T"
// fails to compile.
//

#include "kx.h"

void* __cdecl operator new(size_t size, kx::Pool pool) noexcept
{
    const POOL_FLAGS flags = (pool == kx::Pool::Paged) ? POOL_FLAG_PAGED : POOL_FLAG_NON_PAGED;

    // ExAllocatePool2 zero-initializes, which the owner types rely on for
    // members without default initializers.
    return ExAllocatePool2(flags, size ? size : 1, kx::kTag);
}

void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kx::kTag);
    }
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    operator delete(p);
}

// Matching placement delete: called only if a constructor invoked through
// operator new(size_t, Pool) throws, which cannot happen without EH, but
// the compiler requires it to exist.
void __cdecl operator delete(void* p, kx::Pool) noexcept
{
    operator delete(p);
}
