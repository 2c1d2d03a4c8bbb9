//
// kmem.cpp
//
#include "kmem.h"

void __cdecl operator delete(void* p) noexcept
{
    if (p) ExFreePoolWithTag(p, kmem::DefaultTag);
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p) ExFreePoolWithTag(p, kmem::DefaultTag);
}

void __cdecl operator delete[](void* p) noexcept
{
    if (p) ExFreePoolWithTag(p, kmem::DefaultTag);
}
