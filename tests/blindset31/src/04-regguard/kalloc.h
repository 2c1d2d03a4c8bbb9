#pragma once
//
// kalloc.h - minimal kernel allocation operators
//
#include <ntddk.h>

constexpr ULONG RG_TAG = 'dGgR';

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePool(p);
    }
}

#define RG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regguard: " fmt "\n", __VA_ARGS__)
