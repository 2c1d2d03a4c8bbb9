#pragma once
#include "common.h"

struct ProcessEntry {
    LIST_ENTRY      Link;
    HANDLE          ProcessId;
    HANDLE          ParentId;
    LARGE_INTEGER   CreateTime;
    ULONG           ThreadCount;
    ULONG           ImageLoads;
    USHORT          ImageNameChars;
    WCHAR           ImageName[PW_MAX_IMAGE_CHARS];
};

class ProcessTracker {
public:
    [[nodiscard]] static NTSTATUS Initialize();
    static void Shutdown();

    // registered directly with Ps*, so they have to be static
    static void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void OnImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

    static LONG Count() { return s_Count; }

private:
    static ProcessEntry* FindLocked(HANDLE ProcessId);
    static void TrimLocked();

    static LIST_ENTRY               s_Head;
    static FAST_MUTEX               s_Lock;
    static NPAGED_LOOKASIDE_LIST    s_Lookaside;
    static volatile LONG            s_Count;
    static bool                     s_Ready;
};
