#pragma once
//
// kcpp.h - kernel C++ odds and ends: pool new/delete and flag operators.
//
#include <ntddk.h>

namespace kcpp {
constexpr ULONG kTag = 'lPkW';
}

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags)
{
    return ExAllocatePool2(flags, size, kcpp::kTag);
}

inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kcpp::kTag);
    }
}

inline void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kcpp::kTag);
    }
}

// Hand-written bit operators for an enum class used as a flag word.
#define KCPP_FLAG_OPS(E)                                                        \
    constexpr E operator|(E a, E b) { return E(ULONG(a) | ULONG(b)); }          \
    constexpr E operator&(E a, E b) { return E(ULONG(a) & ULONG(b)); }          \
    constexpr E operator~(E a) { return E(~ULONG(a)); }                         \
    inline E& operator|=(E& a, E b) { a = a | b; return a; }                    \
    inline E& operator&=(E& a, E b) { a = a & b; return a; }                    \
    constexpr bool Any(E a) { return ULONG(a) != 0; }
