#pragma once
#include "Common.h"

enum class AcEventKind : ULONG {
    HandleStripped = 1, ProcessCreate, ProcessExit, RemoteThread, ImageLoad, RegistryWrite
};

struct AcEventRecord {
    AcEventKind   Kind;
    ULONG         ProcessId;
    ULONG         TargetId;
    LARGE_INTEGER Time;
    WCHAR         Detail[120];
};

class EventQueue {
public:
    void  Init();
    void  Destroy();
    void  Push(AcEventKind kind, HANDLE pid, HANDLE target, _In_opt_ PCUNICODE_STRING detail);
    ULONG Drain(_Out_writes_bytes_(length) PVOID buffer, ULONG length);

private:
    struct Node {
        LIST_ENTRY    Link;
        AcEventRecord Record;
    };

    static constexpr ULONG MaxQueued = 4096;

    ac::SpinLock          m_lock;
    LIST_ENTRY            m_list;
    ULONG                 m_count;
    NPAGED_LOOKASIDE_LIST m_pool;
    EX_RUNDOWN_REF        m_rundown;
};

extern EventQueue g_Events;
