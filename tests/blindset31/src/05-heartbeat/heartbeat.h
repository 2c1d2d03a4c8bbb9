#pragma once
#include <ntddk.h>

//
// heartbeat.h - "kernel heartbeat" sample: a periodic timer DPC records
// timestamps, a one-shot watchdog detects stalls, and a work item
// computes jitter statistics at PASSIVE_LEVEL.
//

#define HB_TAG              'tBeH'
#define HB_HISTORY_LEN      256
#define HB_DEFAULT_MS       500
#define HB_WATCHDOG_FACTOR  4

#define HB_NT_DEVICE_NAME   L"\\Device\\Heartbeat"
#define HB_DOS_DEVICE_NAME  L"\\DosDevices\\Heartbeat"

#define IOCTL_HB_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

#define MS_TO_RELATIVE(ms)  (-((LONGLONG)(ms) * 10 * 1000))

#define DBG_INFO(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "Heartbeat: " fmt "\n", __VA_ARGS__))
#define DBG_ERR(fmt, ...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Heartbeat: " fmt "\n", __VA_ARGS__))

typedef struct _HB_SAMPLE {
    ULONGLONG InterruptTime;
    ULONG     Processor;
} HB_SAMPLE, *PHB_SAMPLE;

typedef struct _HB_STATS {
    LONG      Beats;
    LONG      Stalls;
    ULONGLONG AvgJitter100ns;
    ULONGLONG MaxJitter100ns;
} HB_STATS, *PHB_STATS;

typedef struct _HB_EXTENSION {
    PDEVICE_OBJECT Self;
    ULONG          IntervalMs;

    KTIMER         BeatTimer;
    KDPC           BeatDpc;
    KTIMER         WatchdogTimer;
    KDPC           WatchdogDpc;

    PIO_WORKITEM   StatsWorkItem;
    volatile LONG  StatsQueued;
    KEVENT         StatsIdle;

    KSPIN_LOCK     HistoryLock;
    PHB_SAMPLE     History;
    ULONG          HistoryNext;

    HB_STATS       Stats;
} HB_EXTENSION, *PHB_EXTENSION;

KDEFERRED_ROUTINE HbBeatDpc;
KDEFERRED_ROUTINE HbWatchdogDpc;
IO_WORKITEM_ROUTINE HbStatsWorker;
