/*
 * pulse.h - "Pulse" control device: a periodic timer whose DPC counts
 *           beats; user mode starts/stops it and reads the counters.
 */
#ifndef PULSE_H
#define PULSE_H

#include <ntddk.h>

#define PULSE_TAG           'sluP'
#define PULSE_NT_DEVICE     L"\\Device\\Pulse"
#define PULSE_DOS_DEVICE    L"\\DosDevices\\Pulse"

#define PULSE_MIN_MS        10
#define PULSE_MAX_MS        60000
#define PULSE_DEFAULT_MS    1000

#define FILE_DEVICE_PULSE   0x8B00
#define IOCTL_PULSE_START   CTL_CODE(FILE_DEVICE_PULSE, 0x830, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PULSE_STOP    CTL_CODE(FILE_DEVICE_PULSE, 0x831, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PULSE_QUERY   CTL_CODE(FILE_DEVICE_PULSE, 0x832, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PLOG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pulse: " fmt "\n", __VA_ARGS__))
#define PERR(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pulse: " fmt "\n", __VA_ARGS__))

typedef struct _PULSE_INFO {
    ULONG     Running;
    ULONG     PeriodMs;
    ULONG64   Beats;
    ULONG64   LastBeatTime;     /* KeQueryInterruptTime at last DPC */
} PULSE_INFO, *PPULSE_INFO;

typedef struct _PULSE_CONTEXT {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  DosName;
    BOOLEAN         LinkCreated;
    KTIMER          Timer;
    KDPC            Dpc;
    KSPIN_LOCK      Lock;       /* protects Info */
    PULSE_INFO      Info;
} PULSE_CONTEXT, *PPULSE_CONTEXT;

extern PULSE_CONTEXT g_Pulse;

/* timer.c */
VOID     PulseInitTimer(VOID);
NTSTATUS PulseStart(_In_ ULONG PeriodMs);
VOID     PulseStop(VOID);
VOID     PulseQuery(_Out_ PPULSE_INFO Info);

DRIVER_DISPATCH PulseCreateClose;
DRIVER_DISPATCH PulseIoctl;

#endif /* PULSE_H */
