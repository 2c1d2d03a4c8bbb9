#pragma once

#include <ntddk.h>

#define SML_TAG             'lmSS'
#define SML_QUEUE_LIMIT     8192
#define SML_IMAGE_CHARS     128

#define SML_LOG(fmt, ...)   KdPrint(("sysmonlite: " fmt "\n", __VA_ARGS__))
#define SML_ERR(fmt, ...)   DbgPrint("sysmonlite: ERROR " fmt "\n", __VA_ARGS__)

namespace sysmon {

enum class EventKind : ULONG {
    ProcessStart = 1,
    ProcessStop,
    ThreadStart,
    ThreadStop,
    ImageLoad,
};

struct EventEntry {
    LIST_ENTRY    Link;
    EventKind     Kind;
    ULONG         ProcessId;
    ULONG         Extra;          // parent pid / thread id / image size
    LARGE_INTEGER Time;
    WCHAR         Image[SML_IMAGE_CHARS];
};

struct Counters {
    volatile LONG Pushed;
    volatile LONG Dropped;
    volatile LONG Written;
};

class EventQueue {
public:
    static void        Initialize();
    static void        Destroy();

    static EventEntry* Alloc();
    static void        Free(EventEntry* Entry);
    static void        Push(EventEntry* Entry);
    static EventEntry* Pop();

    static PKEVENT     ReadyEvent() { return &s_Ready; }
    static Counters&   Stats()      { return s_Stats; }

private:
    static KSPIN_LOCK            s_Lock;
    static LIST_ENTRY            s_Head;
    static ULONG                 s_Count;
    static NPAGED_LOOKASIDE_LIST s_Pool;
    static KEVENT                s_Ready;
    static Counters              s_Stats;
};

// Callbacks.cpp
bool RegisterCallbacks();
void UnregisterCallbacks();

} // namespace sysmon
