#pragma once
#include <ntddk.h>
#include <wdf.h>
#include <TraceLoggingProvider.h>
#include <winmeta.h>

#define TL_TAG          'gLhT'
#define TL_NAME_CCH     64

TRACELOGGING_DECLARE_PROVIDER(g_ThrLogProvider);

namespace thrlog {

// one record per thread event, carved from a lookaside list
struct ThreadRecord {
    HANDLE  ProcessId;
    HANDLE  ThreadId;
    BOOLEAN Create;
    ULONG   CreatorPid;
};

class RecordPool {
public:
    static NTSTATUS Init();
    static void Delete();
    static ThreadRecord* Alloc() {
        return static_cast<ThreadRecord*>(ExAllocateFromLookasideListEx(&s_list));
    }
    static void Free(ThreadRecord* r) { ExFreeToLookasideListEx(&s_list, r); }
    static bool Ready() { return s_ready; }
private:
    static LOOKASIDE_LIST_EX s_list;
    static bool s_ready;
};

class Notifications {
public:
    static NTSTATUS Register();
    static void Unregister();
private:
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);
    static bool s_thread;
    static bool s_image;
};

} // namespace thrlog
