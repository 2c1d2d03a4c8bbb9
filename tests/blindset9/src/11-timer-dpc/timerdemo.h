/*
 * TimerDemo - periodic KTIMER -> DPC -> IO_WORKITEM chain.
 * Every tick bumps a counter at DISPATCH_LEVEL; every fifth tick the DPC
 * queues a work item that does the PASSIVE_LEVEL part (logging, time query).
 *
 * Registry (HKLM\System\CurrentControlSet\Services\TimerDemo\Parameters):
 *   PeriodMs  REG_DWORD  timer period, default 1000
 *   Verbose   REG_DWORD  print from the work item
 */
#pragma once

#include <ntddk.h>

#define TD_DEVICE_NAME  L"\\Device\\TimerDemo"
#define TD_LINK_NAME    L"\\??\\TimerDemo"
#define TD_WORK_EVERY   5

#define IOCTL_TD_GET_TICKS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _TD_GLOBALS {
    PDEVICE_OBJECT Device;
    PIO_WORKITEM   WorkItem;
    KTIMER         Timer;
    KDPC           Dpc;
    KEVENT         WorkIdle;        /* signaled while no work item is queued */
    volatile LONG  WorkQueued;
    volatile LONG  Ticks;
    volatile LONG  WorkRuns;
    ULONG          PeriodMs;
    ULONG          Verbose;
} TD_GLOBALS, *PTD_GLOBALS;

extern TD_GLOBALS g_Td;

/* work.c */
KDEFERRED_ROUTINE TdTimerDpc;
IO_WORKITEM_ROUTINE TdWorkRoutine;

/* timerdemo.c */
NTSTATUS TdQueryDword(_In_ PUNICODE_STRING RegistryPath, _In_ PCWSTR Name, _Out_ PULONG Value);
