#pragma once

#include "kpp.h"

namespace procmon {

enum class EventKind : USHORT {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    ImageLoad,
};

#pragma pack(push, 1)
struct EventHeader {
    EventKind Kind;
    USHORT Size;
    LARGE_INTEGER Time;
};

struct ProcessEvent : EventHeader {
    ULONG ProcessId;
    ULONG ParentId;
};

struct ThreadEvent : EventHeader {
    ULONG ProcessId;
    ULONG ThreadId;
};

struct ImageEvent : EventHeader {
    ULONG ProcessId;
    ULONGLONG ImageBase;
    ULONGLONG ImageSize;
    WCHAR Name[96];
};
#pragma pack(pop)

class Monitor {
public:
    static void Initialize(ULONG maxItems);
    static void Shutdown();
    static ULONG Drain(PUCHAR buffer, ULONG length);

    // notify routines, registered from DriverEntry
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

private:
    struct Item {
        LIST_ENTRY Link;
        EventHeader* Event;
    };

    static void Push(const EventHeader& ev);

    static LIST_ENTRY s_head;
    static ULONG s_count;
    static ULONG s_max;
    static kpp::FastMutex s_lock;
};

} // namespace procmon
