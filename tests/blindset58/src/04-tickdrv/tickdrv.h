/*
 * tickdrv.h - periodic timer jitter meter
 *
 * A KTIMER fires every PeriodMs; the DPC records how late it was
 * compared to the previous tick.  User mode pulls min/max/avg with
 * IOCTL_TICK_GET_STATS.  PeriodMs comes from
 *   HKLM\System\CurrentControlSet\Services\tickdrv\Parameters
 */
#ifndef TICKDRV_H
#define TICKDRV_H

#include <ntddk.h>

#define TK_NT_NAME          L"\\Device\\TickDrv"
#define TK_DOS_NAME         L"\\DosDevices\\TickDrv"

#define TK_DEFAULT_PERIOD   10          /* ms */
#define TK_MIN_PERIOD       1
#define TK_MAX_PERIOD       1000
#define TK_HISTORY          64

#define FILE_DEVICE_TICKDRV 0x8a21
#define IOCTL_TICK_GET_STATS CTL_CODE(FILE_DEVICE_TICKDRV, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_RESET     CTL_CODE(FILE_DEVICE_TICKDRV, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define TKDBG(x)    do { DbgPrint("tickdrv: "); DbgPrint x; } while (0)
#define CHECK(st, msg) \
    if (!NT_SUCCESS(st)) { TKDBG(("%s failed: 0x%08lx\n", msg, st)); }

/* shared with the test app */
typedef struct _TK_STATS {
    ULONG   Ticks;
    ULONG   MinDeltaUs;
    ULONG   MaxDeltaUs;
    ULONG   AvgDeltaUs;
    ULONG   Late;            /* ticks more than one period late */
    ULONG   History[TK_HISTORY];
} TK_STATS, *PTK_STATS;

typedef struct _TK_GLOBALS {
    PDEVICE_OBJECT  Device;
    ULONG           PeriodMs;

    KTIMER          Timer;
    KDPC            Dpc;
    BOOLEAN         Running;

    KSPIN_LOCK      Lock;           /* protects everything below */
    ULONGLONG       LastTick;       /* KeQueryInterruptTime of last DPC */
    ULONGLONG       SumUs;
    ULONG           HistIndex;
    TK_STATS        Stats;
} TK_GLOBALS;

extern TK_GLOBALS g_Tk;

/* timer.c */
KDEFERRED_ROUTINE TkTimerDpc;
NTSTATUS TkStartSampling(VOID);
VOID     TkStopSampling(VOID);
VOID     TkResetStats(VOID);

/* regparm.c */
NTSTATUS TkReadParameters(PUNICODE_STRING RegistryPath, PULONG PeriodMs);

#endif
