/*
 * jitter.h - timer latency watchdog
 *
 * A periodic KTIMER/KDPC measures how late each tick is.  When a tick is
 * later than ThresholdUs, a work item logs it and sets the named event
 * \BaseNamedObjects\JitterAlert so a user-mode monitor can react.
 *
 * Parameters key (read once in DriverEntry):
 *   PeriodMs     REG_DWORD   default 5
 *   ThresholdUs  REG_DWORD   default 2000
 *
 * Demand start only (named event needs \BaseNamedObjects).
 */
#ifndef JITTER_H
#define JITTER_H

#include <ntddk.h>

#define JT_NT_NAME          L"\\Device\\Jitter"
#define JT_DOS_NAME         L"\\DosDevices\\Jitter"
#define JT_EVENT_NAME       L"\\BaseNamedObjects\\JitterAlert"

#define JT_DEF_PERIOD_MS    5
#define JT_DEF_THRESH_US    2000
#define JT_MAX_PERIOD_MS    500

#define FILE_DEVICE_JITTER  0x8E77
#define IOCTL_JT_GET_STATS  CTL_CODE(FILE_DEVICE_JITTER, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifdef DBG
#define JT_DBG(...)  DbgPrint("jitter: " __VA_ARGS__)
#else
#define JT_DBG(...)  ((void)0)
#endif
#define JT_ERR(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "jitter: " __VA_ARGS__)

typedef struct _JT_STATS {
    ULONG Ticks;
    ULONG Spikes;
    ULONG WorstUs;
    ULONG LastSpikeUs;
    ULONG Alerts;
} JT_STATS, *PJT_STATS;

typedef struct _JT_CONTEXT {
    PDEVICE_OBJECT  Device;
    ULONG           PeriodMs;
    ULONG           ThresholdUs;

    KTIMER          Timer;
    KDPC            Dpc;
    BOOLEAN         TimerArmed;

    PIO_WORKITEM    WorkItem;
    KEVENT          WorkIdle;       /* signaled while no work item is outstanding */

    PKEVENT         Alert;          /* from IoCreateNotificationEvent */
    HANDLE          AlertHandle;

    KSPIN_LOCK      Lock;           /* Stats, LastTick, WorkQueued */
    ULONGLONG       LastTick;
    BOOLEAN         WorkQueued;
    JT_STATS        Stats;
} JT_CONTEXT, *PJT_CONTEXT;

extern JT_CONTEXT g_Jt;

/* params.c */
VOID JtReadParameters(PUNICODE_STRING RegistryPath, PULONG PeriodMs, PULONG ThresholdUs);

/* sampler.c */
VOID JtInitSampler(VOID);
VOID JtStartSampler(VOID);
VOID JtStopSampler(VOID);
VOID JtGetStats(PJT_STATS Out);

#endif /* JITTER_H */
