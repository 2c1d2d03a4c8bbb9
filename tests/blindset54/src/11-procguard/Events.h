// Events.h - event queue and block list for procguard
#pragma once

#include <ntddk.h>

#define PG_TAG              'dGrP'
#define PG_MAX_EVENTS       2048
#define PG_NAME_CHARS       64

enum PG_EVENT_KIND : USHORT {
    PgProcessCreate = 1,
    PgProcessExit,
    PgProcessBlocked,
    PgThreadCreate,
    PgThreadExit,
};

struct PG_EVENT {
    PG_EVENT_KIND Kind;
    USHORT        NameChars;
    ULONG         ProcessId;
    ULONG         ThreadId;
    LARGE_INTEGER Time;
    WCHAR         Name[PG_NAME_CHARS];
};

namespace pg {

class Events {
public:
    static void  Init();
    static void  Destroy();
    static void  Add(PG_EVENT_KIND Kind, HANDLE Pid, HANDLE Tid, PCUNICODE_STRING Name);
    static ULONG Read(_Out_writes_bytes_(Length) PVOID Buffer, ULONG Length);

private:
    struct Node {
        LIST_ENTRY Link;
        PG_EVENT   Ev;
    };

    static LIST_ENTRY            s_List;
    static KSPIN_LOCK            s_Lock;
    static ULONG                 s_Count;
    static NPAGED_LOOKASIDE_LIST s_Lookaside;
};

// image names to refuse, from the REG_MULTI_SZ "Blocked" value
class BlockList {
public:
    static NTSTATUS Load(_In_ PCUNICODE_STRING RegistryPath);
    static void     Free();
    static bool     Matches(_In_opt_ PCUNICODE_STRING ImagePath);

private:
    static PWSTR s_Multi;       // pool, PG_TAG, double-NUL terminated
};

} // namespace pg
