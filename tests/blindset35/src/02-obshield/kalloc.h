#pragma once
//
// kalloc.h - tiny kernel allocator glue so we can use new/delete
//
#include <ntddk.h>

#define SHIELD_POOL_TAG 'dlhS'

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag = SHIELD_POOL_TAG)
{
    if (size == 0) {
        size = 1;
    }
    return ExAllocatePool2(flags, size, tag);
}

inline void* __cdecl operator new[](size_t size, POOL_FLAGS flags, ULONG tag = SHIELD_POOL_TAG)
{
    if (size == 0) {
        size = 1;
    }
    return ExAllocatePool2(flags, size, tag);
}

// the plain delete operators are replaceable globals, so they live in kalloc.cpp
void __cdecl operator delete(void* p, size_t);
void __cdecl operator delete(void* p);
void __cdecl operator delete[](void* p);
void __cdecl operator delete[](void* p, size_t);
