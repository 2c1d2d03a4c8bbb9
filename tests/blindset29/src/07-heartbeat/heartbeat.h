//
// heartbeat - DPC / timer / work item playground
//
// Part 3 of my "kernel timers from scratch" blog series:
//  * a periodic KTIMER fires every HB_PERIOD_MS and its DPC records the
//    interrupt time into a ring buffer
//  * every HB_BATCH ticks the DPC queues an IO_WORKITEM which computes the
//    jitter statistics at PASSIVE_LEVEL
//  * user mode reads the statistics with IOCTL_HB_QUERY
//
#pragma once

#include <ntddk.h>

#define HB_TAG          'tBeH'
#define HB_DEVICE_NAME  L"\\Device\\Heartbeat"
#define HB_LINK_NAME    L"\\??\\Heartbeat"
#define HB_PERIOD_MS    10
#define HB_RING_SIZE    512
#define HB_BATCH        100

#define HB_LOG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "heartbeat: " fmt "\n", __VA_ARGS__))

// bail out to the cleanup label when an allocation comes back empty
#define HB_CHECK_ALLOC(p)                                   \
    if ((p) == NULL) {                                      \
        HB_LOG("allocation of " #p " failed");              \
        goto Cleanup;                                       \
    }

#define IOCTL_HB_QUERY  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _HB_STATS {
    ULONGLONG Ticks;
    LONGLONG  MinDeltaUs;
    LONGLONG  MaxDeltaUs;
    LONGLONG  AvgDeltaUs;
    ULONG     Batches;
} HB_STATS, *PHB_STATS;

typedef struct _HB_CONTEXT {
    PDEVICE_OBJECT  DeviceObject;

    KTIMER          Timer;
    KDPC            Dpc;
    ULONGLONG*      Samples;        // HB_RING_SIZE interrupt-time stamps
    volatile LONG   Head;
    volatile LONG   TickCount;

    PIO_WORKITEM    WorkItem;
    volatile LONG   WorkQueued;
    KEVENT          WorkIdle;       // signaled while no work item is queued

    KSPIN_LOCK      StatsLock;
    HB_STATS        Stats;
} HB_CONTEXT, *PHB_CONTEXT;

extern HB_CONTEXT g_Hb;

// timer.c
KDEFERRED_ROUTINE HbTimerDpc;
IO_WORKITEM_ROUTINE HbWorkRoutine;
