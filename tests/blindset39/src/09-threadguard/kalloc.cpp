#include "kalloc.h"

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size ? size : 1, tag);
}

void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size ? size : 1, tag);
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p)
        ExFreePoolWithTag(p, TG_TAG);
}

void __cdecl operator delete[](void* p) noexcept
{
    if (p)
        ExFreePoolWithTag(p, TG_TAG);
}

void __cdecl operator delete[](void* p, size_t) noexcept
{
    if (p)
        ExFreePoolWithTag(p, TG_TAG);
}
