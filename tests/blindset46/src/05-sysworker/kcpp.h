#pragma once
#include <ntddk.h>

// minimal C++ support for the kernel - no exceptions, no global ctors

void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag);
void __cdecl operator delete(void* p);
void __cdecl operator delete(void* p, size_t size);
