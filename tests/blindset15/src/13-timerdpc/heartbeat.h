#ifndef HEARTBEAT_H
#define HEARTBEAT_H

#include <ntddk.h>

#define HB_DEVICE_NAME  L"\\Device\\Heartbeat"
#define HB_LINK_NAME    L"\\??\\Heartbeat"
#define HB_PERIOD_MS    1000

#define IOCTL_HB_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _HB_STATS {
    LONG Ticks;
    LONG WorkRuns;
    LONG Skipped;
    LONGLONG MaxLatency100ns;
} HB_STATS, *PHB_STATS;

/* Lives in the device extension so the timer and DPC storage stay resident. */
typedef struct _HB_CONTEXT {
    PDEVICE_OBJECT Device;
    KTIMER Timer;
    KDPC Dpc;
    PIO_WORKITEM WorkItem;
    volatile LONG WorkQueued;
    KEVENT WorkIdle;
    ULONGLONG QueuedAt;
    KSPIN_LOCK StatsLock;
    HB_STATS Stats;
} HB_CONTEXT, *PHB_CONTEXT;

/* worker.c */
KDEFERRED_ROUTINE HbTimerDpc;
IO_WORKITEM_ROUTINE HbWorker;
VOID HbStartTimer(_In_ PHB_CONTEXT Ctx);
VOID HbStopTimer(_In_ PHB_CONTEXT Ctx);
VOID HbSnapshot(_In_ PHB_CONTEXT Ctx, _Out_ PHB_STATS Out);

#endif
