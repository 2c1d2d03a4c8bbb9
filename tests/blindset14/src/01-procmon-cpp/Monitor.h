// Monitor.h - process / thread / image notifications collected into a list
#pragma once
#include "kstd.h"

#define PROCMON_DEVICE 0x8000
#define IOCTL_PROCMON_READ  CTL_CODE(PROCMON_DEVICE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PROCMON_CLEAR CTL_CODE(PROCMON_DEVICE, 0x801, METHOD_NEITHER, FILE_WRITE_ACCESS)

namespace procmon {

enum class EventKind : USHORT {
    ProcessCreate = 1,
    ProcessExit,
    ThreadCreate,
    ThreadExit,
    ImageLoad,
};

// what user mode receives, one after another in the output buffer
struct EventOut {
    EventKind     Kind;
    USHORT        Reserved;
    ULONG         ProcessId;
    ULONG         ThreadId;
    LARGE_INTEGER Time;
};

// index into the registration tables
enum class Reg : int {
    Process = 0,
    Thread,
    Image,
    Count
};

constexpr int kRegCount = static_cast<int>(Reg::Count);
constexpr ULONG kMaxQueued = 4096;

class Monitor {
public:
    static NTSTATUS Start();
    static void Stop();
    static ULONG Drain(_Out_writes_bytes_(length) PVOID buffer, ULONG length);
    static void Clear();
    static bool IsActive(Reg r) { return s_Active[static_cast<int>(r)]; }

private:
    struct Record {
        LIST_ENTRY Link;
        EventOut   Data;
    };

    using RegisterFn = NTSTATUS (*)();
    using UndoFn = void (*)();

    struct Step {
        const char* Name;
        RegisterFn  Do;
        UndoFn      Undo;
        bool        Optional;
    };

    static NTSTATUS RegisterProcess();
    static void UnregisterProcess();
    static NTSTATUS RegisterThread();
    static void UnregisterThread();
    static NTSTATUS RegisterImage();
    static void UnregisterImage();

    static void OnProcess(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO info);
    static void OnThread(HANDLE pid, HANDLE tid, BOOLEAN create);
    static void OnImage(PUNICODE_STRING name, HANDLE pid, PIMAGE_INFO info);

    static void Push(EventKind kind, HANDLE pid, HANDLE tid);

    static const Step s_Steps[kRegCount];
    static bool s_Active[kRegCount];
    static LIST_ENTRY s_Events;
    static ULONG s_Queued;
    static kstd::FastMutex s_Lock;
};

} // namespace procmon
