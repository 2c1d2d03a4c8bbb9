/*
 * timerdemo.h - periodic KTIMER + DPC, with an IO_WORKITEM for the
 * parts that need PASSIVE_LEVEL. From the "timers and DPCs" chapter of
 * my kernel notes.
 */
#pragma once

#include <ntddk.h>

#define TD_TAG              'omDT'
#define TD_DEVICE_NAME      L"\\Device\\TimerDemo"
#define TD_LINK_NAME        L"\\DosDevices\\TimerDemo"
#define TD_DEFAULT_PERIOD   1000    /* ms */
#define TD_MIN_PERIOD       50
#define TD_WORK_EVERY       10      /* queue the work item every N ticks */

#define IOCTL_TD_GET_STATS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x860, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TD_SET_PERIOD  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x861, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define TD_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "TimerDemo: " fmt "\n", ##__VA_ARGS__)

typedef struct _TD_STATS {
    ULONG   Ticks;
    ULONG   WorkRuns;
    ULONG   PeriodMs;
    ULONG64 LastUptime;
} TD_STATS, *PTD_STATS;

typedef struct _TD_GLOBALS {
    PDEVICE_OBJECT Device;
    BOOLEAN        LinkUp;

    KTIMER         Timer;
    KDPC           Dpc;

    PIO_WORKITEM   WorkItem;
    volatile LONG  WorkQueued;
    KEVENT         WorkIdle;     /* signaled while no work item is queued */

    TD_STATS       Stats;
} TD_GLOBALS;

extern TD_GLOBALS g_Td;

/* tick.c */
KDEFERRED_ROUTINE   TdTimerDpc;
IO_WORKITEM_ROUTINE TdWorkRoutine;
ULONG    TdReadPeriod(_In_ PUNICODE_STRING RegistryPath);
VOID     TdArmTimer(_In_ ULONG PeriodMs);
