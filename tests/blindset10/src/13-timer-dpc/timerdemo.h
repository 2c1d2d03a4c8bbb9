/*
 * timerdemo.h - periodic kernel timer -> DPC -> work item, the classic
 * "how do I get from DISPATCH_LEVEL back to PASSIVE_LEVEL" exercise.
 */
#ifndef TIMERDEMO_H
#define TIMERDEMO_H

#include <ntddk.h>

#define TD_PERIOD_MS 500

#define TD_NT_NAME   L"\\Device\\TimerDemo"
#define TD_DOS_NAME  L"\\DosDevices\\TimerDemo"

#define IOCTL_TD_QUERY CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TD_LOG(...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "timerdemo: " __VA_ARGS__))

typedef struct _TD_COUNTERS {
    LONG          DpcCount;
    LONG          WorkCount;
    LONG          WorkSkipped;
    LARGE_INTEGER LastWorkTime;
} TD_COUNTERS;

/* everything the driver owns, in one place */
typedef struct _TD_STATE {
    PDEVICE_OBJECT Device;
    BOOLEAN        LinkCreated;
    KTIMER         Timer;
    KDPC           Dpc;
    PIO_WORKITEM   WorkItem;
    volatile LONG  WorkQueued;
    TD_COUNTERS    Counters;
} TD_STATE, *PTD_STATE;

extern TD_STATE g_State;

/* worker.c */
KDEFERRED_ROUTINE TdDpcRoutine;
IO_WORKITEM_ROUTINE TdWorkRoutine;

#endif
