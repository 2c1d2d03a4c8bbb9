/*
 * pollmon - measures how long a work item waits between being queued from
 * a timer DPC and running on a system worker thread.
 */
#ifndef POLLMON_H
#define POLLMON_H

#include <ntddk.h>

#define PM_TAG              'nMlP'
#define PM_DEVICE_NAME      L"\\Device\\PollMon"
#define PM_LINK_NAME        L"\\DosDevices\\PollMon"
#define PM_PERIOD_MS        100
#define PM_MAX_SAMPLES      1024

#define IOCTL_PM_DRAIN      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xB00, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PMTRACE(_msg)       KdPrint(_msg)

typedef struct _PM_SAMPLE_OUT {
    ULONG     Sequence;
    ULONG     LatencyUs;
    ULONGLONG QueuedAt;             /* interrupt time, 100ns */
} PM_SAMPLE_OUT, *PPM_SAMPLE_OUT;

typedef struct _PM_SAMPLE {
    LIST_ENTRY    Link;
    PM_SAMPLE_OUT Data;
} PM_SAMPLE, *PPM_SAMPLE;

typedef struct _PM_GLOBALS {
    PDEVICE_OBJECT          Device;
    PIO_WORKITEM            WorkItem;
    KTIMER                  Timer;
    KDPC                    Dpc;

    volatile LONG           WorkQueued;
    KEVENT                  WorkIdle;       /* signalled while no work item is outstanding */
    volatile LONG           Stopping;
    ULONGLONG               QueuedAt;
    ULONG                   Sequence;

    KSPIN_LOCK              Lock;
    LIST_ENTRY              Samples;
    ULONG                   SampleCount;
    NPAGED_LOOKASIDE_LIST   SamplePool;

    BOOLEAN                 ShutdownRegistered;
    BOOLEAN                 LinkCreated;
} PM_GLOBALS;

extern PM_GLOBALS g_Pm;

/* sampler.c */
KDEFERRED_ROUTINE     PmTimerDpc;
IO_WORKITEM_ROUTINE   PmWorkRoutine;
VOID  PmStopSampling(VOID);
ULONG PmDrain(PPM_SAMPLE_OUT Out, ULONG Max);
VOID  PmFreeAllSamples(VOID);

#endif
