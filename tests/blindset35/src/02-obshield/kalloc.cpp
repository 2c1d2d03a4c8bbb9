//
// kalloc.cpp - global delete operators (must not be inline)
//
#include "kalloc.h"

void __cdecl operator delete(void* p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, SHIELD_POOL_TAG);
    }
}

void __cdecl operator delete(void* p)
{
    if (p) {
        ExFreePoolWithTag(p, SHIELD_POOL_TAG);
    }
}

void __cdecl operator delete[](void* p)
{
    if (p) {
        ExFreePoolWithTag(p, SHIELD_POOL_TAG);
    }
}

void __cdecl operator delete[](void* p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, SHIELD_POOL_TAG);
    }
}
