// heartbeat.h - periodic KTIMER + DPC that stamps a "still alive" sample
#pragma once

#include <ntddk.h>
#include "kmem.h"

#define HB_DEFAULT_PERIOD_MS    1000
#define HB_SAMPLE_COUNT         64

#define HB_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[hb] " fmt, __VA_ARGS__)

#define IOCTL_HB_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

struct HB_STATS {
    ULONG       PeriodMs;
    ULONG       Ticks;
    ULONGLONG   LastInterruptTime;
    ULONGLONG   MaxJitter100ns;
};

class Heartbeat
{
public:
    static bool Start(ULONG periodMs);
    static void Stop();
    static void Snapshot(HB_STATS* out);
    static bool IsRunning() { return s_Running; }

private:
    static KDEFERRED_ROUTINE TimerDpc;

    static KTIMER           s_Timer;
    static KDPC             s_Dpc;
    static ULONGLONG*       s_Samples;      // ring of KeQueryInterruptTime() stamps
    static volatile LONG    s_Ticks;
    static ULONG            s_PeriodMs;
    static ULONGLONG        s_MaxJitter;
    static bool             s_Running;
};
