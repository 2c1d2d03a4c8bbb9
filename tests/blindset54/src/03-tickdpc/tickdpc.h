/*
 * tickdpc.h
 *
 * Heartbeat driver: periodic KTIMER + DPC, counts ticks and measures
 * the jitter between them. Period comes from the service key:
 *
 *   HKLM\SYSTEM\CurrentControlSet\Services\TickDpc\Parameters
 *       PeriodMs   REG_DWORD   (default 1000)
 *       Verbose    REG_DWORD   (default 0)
 */
#ifndef _TICKDPC_H_
#define _TICKDPC_H_

#include <ntddk.h>

#define TICK_TAG                'kciT'
#define TICK_DEVICE_NAME        L"\\Device\\TickDpc"
#define TICK_LINK_NAME          L"\\DosDevices\\TickDpc"
#define TICK_PARAMS_SUBKEY      L"\\Parameters"

#define TICK_DEFAULT_PERIOD_MS  1000
#define TICK_MIN_PERIOD_MS      10
#define TICK_MAX_PERIOD_MS      60000

#define MS_TO_RELATIVE(ms)      (-10000LL * (LONGLONG)(ms))

#define FILE_DEVICE_TICKDPC     0x8123
#define IOCTL_TICK_GET_STATS    CTL_CODE(FILE_DEVICE_TICKDPC, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_RELOAD       CTL_CODE(FILE_DEVICE_TICKDPC, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define TLOG(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "TickDpc: " __VA_ARGS__))
#define TERR(...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "TickDpc!ERR: " __VA_ARGS__))

typedef struct _TICK_CONFIG {
    ULONG PeriodMs;
    ULONG Verbose;
} TICK_CONFIG, *PTICK_CONFIG;

typedef struct _TICK_STATS {
    ULONG     Ticks;
    ULONG     PeriodMs;
    ULONGLONG LastInterruptTime;
    ULONGLONG MaxJitter100ns;
} TICK_STATS, *PTICK_STATS;

typedef struct _TICK_GLOBALS {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  RegPath;
    TICK_CONFIG     Config;
    KTIMER          Timer;
    KDPC            Dpc;
    volatile LONG   Running;
    TICK_STATS      Stats;
    KSPIN_LOCK      StatsLock;
} TICK_GLOBALS, *PTICK_GLOBALS;

extern TICK_GLOBALS g_Tick;

/* config.c */
NTSTATUS TickReadConfig(_In_ PCUNICODE_STRING ServiceKey, _Out_ PTICK_CONFIG Config);

#endif /* _TICKDPC_H_ */
