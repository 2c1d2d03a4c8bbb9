//
// minimal C++ support for kernel mode (no CRT, no exceptions)
//
#pragma once

#include <ntddk.h>

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

// non-copyable helper
class NonCopyable {
protected:
    NonCopyable() = default;
    ~NonCopyable() = default;
    NonCopyable(const NonCopyable&) = delete;
    NonCopyable& operator=(const NonCopyable&) = delete;
};
