#include "kcpp.h"

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag)
{
    // ExAllocatePool2 zeroes the allocation unless POOL_FLAG_UNINITIALIZED
    return ExAllocatePool2(flags, size, tag);
}

void __cdecl operator delete(void* p)
{
    if (p)
        ExFreePool(p);
}

void __cdecl operator delete(void* p, size_t size)
{
    UNREFERENCED_PARAMETER(size);
    if (p)
        ExFreePool(p);
}
