#pragma once
//
// tickwork - periodic timer -> DPC -> work item -> worker thread pipeline.
// The DPC only counts and queues; the work item snapshots counters at
// PASSIVE_LEVEL; the worker thread does the slow part (config re-read, log).
//
#include <ntddk.h>

#define TW_TAG                  'kWkT'
#define TW_DEFAULT_INTERVAL_MS  250
#define TW_MIN_INTERVAL_MS      10
#define TW_DEFAULT_VERBOSE      0

#define TW_LOG(lvl, fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "tickwork: " fmt "\n", __VA_ARGS__)
#define TW_INFO(fmt, ...)       TW_LOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define TW_ERROR(fmt, ...)      TW_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define MS_TO_RELATIVE(ms)      (-(LONGLONG)(ms) * 10000LL)

typedef struct _TW_CONFIG {
    ULONG IntervalMs;
    ULONG Verbose;
} TW_CONFIG, *PTW_CONFIG;

typedef struct _TW_GLOBALS {
    PDEVICE_OBJECT  Device;             // unnamed; only exists to own the work item
    UNICODE_STRING  RegPath;            // private, NUL-terminated copy
    TW_CONFIG       Config;

    KTIMER          Timer;
    KDPC            Dpc;
    volatile LONG   Stopping;

    PIO_WORKITEM    WorkItem;
    volatile LONG   WorkQueued;
    KEVENT          WorkIdle;           // notification, signaled while no work item is queued

    PKTHREAD        Thread;
    KEVENT          StopEvent;          // notification
    KEVENT          KickEvent;          // synchronization, set by the work item

    volatile LONG   Ticks;
    volatile LONG   SnapshotTicks;
    ULONG           Runs;
} TW_GLOBALS;

extern TW_GLOBALS g_Tw;

// config.c
NTSTATUS TwCopyRegistryPath(_In_ PCUNICODE_STRING Source, _Out_ PUNICODE_STRING Dest);
VOID     TwFreeRegistryPath(_Inout_ PUNICODE_STRING Path);
NTSTATUS TwReadConfig(_In_ PCUNICODE_STRING RegPath, _Out_ PTW_CONFIG Config);

// sched.c
NTSTATUS TwStartThread(VOID);
VOID     TwStopThread(VOID);
VOID     TwStartTimer(VOID);
VOID     TwStopTimerAndWork(VOID);
