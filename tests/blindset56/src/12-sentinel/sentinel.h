#pragma once

#include <ntddk.h>

#define SENTINEL_TAG        'tneS'
#define SENTINEL_DEVICE     L"\\Device\\Sentinel"
#define SENTINEL_LINK       L"\\??\\Sentinel"
#define SENTINEL_MAX_EVENTS 4096
#define SENTINEL_NAME_CHARS 256

#define IOCTL_SENTINEL_READ  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SENTINEL_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A1, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[sentinel] " fmt "\n", __VA_ARGS__)
#define SERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[sentinel] " fmt "\n", __VA_ARGS__)

namespace sentinel {

enum class Kind : USHORT { ProcessCreate = 1, ProcessExit, ThreadCreate, ThreadExit, ImageLoad };

// wire format, read by sentinelctl.exe
struct EventRecord {
    Kind          Type;
    USHORT        NameLength;   // chars
    ULONG         ProcessId;
    ULONG         Related;      // parent pid, thread id, or image size
    ULONG         Reserved;
    LARGE_INTEGER Time;
    WCHAR         Name[SENTINEL_NAME_CHARS];
};

struct Stats {
    ULONG Queued;
    ULONG Dropped;
    ULONG Total;
};

class EventStore {
public:
    static void         Init();
    static void         Destroy();
    static EventRecord* NewRecord(Kind Type, ULONG Pid, ULONG Related);
    static void         Commit(EventRecord* Record);
    static ULONG        Read(EventRecord* Out, ULONG Max);
    static void         GetStats(Stats* Out);

private:
    struct Node {
        LIST_ENTRY  Link;
        EventRecord Record;
    };

    static KSPIN_LOCK            s_Lock;
    static LIST_ENTRY            s_List;
    static ULONG                 s_Count;
    static NPAGED_LOOKASIDE_LIST s_Lookaside;
    static volatile LONG         s_Dropped;
    static volatile LONG         s_Total;
};

// Notify.cpp
void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
void OnImage(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

template <typename F>
class ScopeExit {
public:
    explicit ScopeExit(F f) : m_f(f), m_active(true) {}
    ScopeExit(ScopeExit&& other) : m_f(other.m_f), m_active(other.m_active) { other.m_active = false; }
    ~ScopeExit() { if (m_active) m_f(); }
    void Dismiss() { m_active = false; }

    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F    m_f;
    bool m_active;
};

template <typename F>
ScopeExit<F> MakeScopeExit(F f) { return ScopeExit<F>(f); }

} // namespace sentinel
