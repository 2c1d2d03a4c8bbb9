// pulse.h - periodic timer -> DPC -> worker thread at PASSIVE_LEVEL
//
// The DPC only signals; the real work (which may touch paged memory)
// happens in a system thread. Wake-up latency DPC -> thread is measured
// and can be read back with IOCTL_PULSE_QUERY.
#pragma once

#include <ntddk.h>

#define PULSE_TAG               'sluP'
#define PULSE_DEVICE_NAME       L"\\Device\\Pulse"
#define PULSE_LINK_NAME         L"\\??\\Pulse"
#define PULSE_PARAMS            L"\\Parameters"
#define PULSE_DEFAULT_PERIOD    250
#define PULSE_MIN_PERIOD        10

#define FILE_DEVICE_PULSE       0x8C01
#define IOCTL_PULSE_QUERY       CTL_CODE(FILE_DEVICE_PULSE, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "pulse: " fmt "\n", __VA_ARGS__)
#define PERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pulse: " fmt "\n", __VA_ARGS__)

struct PULSE_STATS {
    ULONG     PeriodMs;
    ULONG     Ticks;
    ULONG     Handled;
    ULONGLONG MaxLatency100ns;
    ULONGLONG TotalLatency100ns;
};

namespace pulse {

class Pulse {
public:
    static NTSTATUS Start(ULONG PeriodMs);
    static void     Stop();
    static void     Query(_Out_ PULSE_STATS* Out);

private:
    static KDEFERRED_ROUTINE TimerDpc;
    static KSTART_ROUTINE    ThreadMain;

    static KTIMER        s_Timer;
    static KDPC          s_Dpc;
    static KEVENT        s_TickEvent;
    static KEVENT        s_StopEvent;
    static PETHREAD      s_Thread;
    static KSPIN_LOCK    s_StatsLock;
    static PULSE_STATS   s_Stats;
    static volatile LONG64 s_LastDpcTime;
    static bool          s_Started;
};

NTSTATUS ReadPeriod(_In_ PCUNICODE_STRING RegistryPath, _Out_ PULONG PeriodMs);

} // namespace pulse
