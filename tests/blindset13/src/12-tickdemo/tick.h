/*
 * tick.h - timer -> DPC -> work item demo.
 */
#ifndef TICK_H
#define TICK_H

#include <ntddk.h>

#define TICK_TAG        'kciT'
#define TICK_PERIOD_MS  1000

#define IOCTL_TICK_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TICK_COUNTERS {
    LONG Dpcs;
    LONG WorkItems;
    LONG Skipped;
} TICK_COUNTERS;

typedef struct _TICK_STATE {
    KTIMER         Timer;
    KDPC           Dpc;
    PIO_WORKITEM   WorkItem;
    volatile LONG  WorkBusy;     /* work item queued or running */
    KEVENT         WorkIdle;     /* signalled while no work item is outstanding */
    TICK_COUNTERS  Counters;
} TICK_STATE;

extern TICK_STATE g_Tick;

NTSTATUS TickStart(_In_ PDEVICE_OBJECT DeviceObject);
VOID     TickStop(VOID);

#endif
