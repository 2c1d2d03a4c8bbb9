// State.cpp - the ring buffer and the allocation operators
#include "Common.h"

void* __cdecl operator new(size_t size, POOL_TYPE pool) noexcept
{
    auto p = ExAllocatePoolWithTag(pool, size, procimg::Tag);
    if (p != nullptr) {
        RtlZeroMemory(p, size);
    }
    return p;
}

void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, procimg::Tag);
    }
}

void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, procimg::Tag);
    }
}

namespace procimg {

void InitState(State* st)
{
    RtlZeroMemory(st, sizeof(*st));
    ExInitializeFastMutex(&st->Lock);
}

void Record(State* st, EventType type, HANDLE pid, PVOID base, PCUNICODE_STRING path)
{
    ExAcquireFastMutex(&st->Lock);

    auto& e = st->Ring[st->Next];
    RtlZeroMemory(&e, sizeof(e));
    e.Type = type;
    e.ProcessId = HandleToULong(pid);
    e.ImageBase = reinterpret_cast<ULONG64>(base);
    if (path != nullptr && path->Buffer != nullptr) {
        // keep the tail of long paths, the file name is the useful part
        ULONG chars = path->Length / sizeof(WCHAR);
        ULONG skip = chars >= PathChars ? chars - (PathChars - 1) : 0;
        RtlCopyMemory(e.Path, path->Buffer + skip, (chars - skip) * sizeof(WCHAR));
    }

    st->Next = (st->Next + 1) % RingSize;
    if (st->Filled < RingSize) {
        st->Filled++;
    }

    ExReleaseFastMutex(&st->Lock);
}

ULONG Snapshot(State* st, Event* out, ULONG max)
{
    ExAcquireFastMutex(&st->Lock);

    ULONG n = st->Filled < max ? st->Filled : max;
    // oldest first
    ULONG start = (st->Next + RingSize - st->Filled) % RingSize;
    for (ULONG i = 0; i < n; ++i) {
        out[i] = st->Ring[(start + i) % RingSize];
    }

    ExReleaseFastMutex(&st->Lock);
    return n;
}

} // namespace procimg
