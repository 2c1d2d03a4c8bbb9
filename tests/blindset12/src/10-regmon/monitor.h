#pragma once
//
// RegWatch: logs writes under a few "persistence" registry keys and which
// process made them. Global Monitor object, Init from DriverEntry,
// Shutdown from DriverUnload.
//
#include <ntifs.h>

#define RW_TAG 'hWgR'
#define RW_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[regwatch] " fmt "\n", __VA_ARGS__)

namespace regwatch {

enum class Verbosity : ULONG { Quiet = 0, Writes = 1, Everything = 2 };

struct FilterConfig {
    UNICODE_STRING Prefixes[3];
    ULONG          PrefixCount;
    Verbosity      Level;
};

struct ProcessTally {
    volatile LONG Started;
    volatile LONG Exited;
};

class Monitor {
public:
    NTSTATUS Init(PDRIVER_OBJECT DriverObject);
    void     Shutdown();

    static NTSTATUS OnRegistry(PVOID Context, PVOID Arg1, PVOID Arg2);
    static void     OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info);

private:
    LARGE_INTEGER m_Cookie{};
    bool          m_CmRegistered = false;
    bool          m_ProcRegistered = false;

    static ProcessTally s_Tally;
};

extern Monitor g_Monitor;

} // namespace regwatch
