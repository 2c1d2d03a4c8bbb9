// procwatch.h - ProcWatch: logs process starts and image loads to
//               \SystemRoot\Temp\procwatch.log from a background thread.
#pragma once

extern "C" {
#include <ntifs.h>
#include <ntstrsafe.h>
}

constexpr ULONG PW_TAG             = 'hWrP';
constexpr ULONG PW_RING_ENTRIES    = 512;
constexpr ULONG PW_NAME_CHARS      = 120;
constexpr LONG  PW_FLUSH_PERIOD_MS = 2000;

enum class PwKind : ULONG {
    ProcessStart = 1,
    ProcessExit  = 2,
    ImageLoad    = 3
};

struct PwRecord {
    LARGE_INTEGER Time;
    PwKind        Kind;
    ULONG         ProcessId;
    ULONG         ParentId;
    WCHAR         Name[PW_NAME_CHARS];
};

// Fixed-size ring, overwrites the oldest record when full.
class PwRing {
public:
    void Init();
    void Push(PwKind kind, HANDLE pid, HANDLE ppid, PCUNICODE_STRING name);
    ULONG Drain(PwRecord* out, ULONG max);
    ULONG Dropped() const { return m_dropped; }

private:
    KSPIN_LOCK m_lock;
    ULONG      m_head;
    ULONG      m_count;
    ULONG      m_dropped;
    PwRecord   m_items[PW_RING_ENTRIES];
};

extern PwRing   g_Ring;
extern KEVENT   g_StopFlusher;
extern PETHREAD g_FlusherThread;

KSTART_ROUTINE PwFlusherMain;

NTSTATUS PwStartFlusher();
void     PwStopFlusher();
