// Common.h - procimg: recent process starts and image loads, kept in a ring
#pragma once

#include <ntddk.h>

namespace procimg {

constexpr ULONG Tag = 'gmIP';
constexpr ULONG RingSize = 256;
constexpr ULONG PathChars = 128;

constexpr ULONG IoctlSnapshot = CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS);

enum class EventType : ULONG { ProcessStart = 1, ProcessExit = 2, ImageLoad = 3 };

struct Event {
    EventType Type;
    ULONG ProcessId;
    ULONG64 ImageBase;
    WCHAR Path[PathChars];
};

// All mutable driver state.  A single global instance is handed to the
// pieces that need it so nothing else reaches for globals directly.
struct State {
    FAST_MUTEX Lock;
    ULONG Next;         // next slot to write
    ULONG Filled;       // how many slots hold data
    Event Ring[RingSize];
};

void InitState(State* st);
void Record(State* st, EventType type, HANDLE pid, PVOID base, PCUNICODE_STRING path);
ULONG Snapshot(State* st, Event* out, ULONG max);

} // namespace procimg

// pool placement new; noexcept so a failed allocation skips the constructor
void* __cdecl operator new(size_t size, POOL_TYPE pool) noexcept;
void __cdecl operator delete(void* p, size_t size) noexcept;
void __cdecl operator delete(void* p) noexcept;
