#ifndef PACER_H
#define PACER_H

#include <ntddk.h>

//
// framepacer - samples the interrupt time / perf counter from a periodic
// DPC so the overlay can draw a jitter graph without burning a core in
// user mode.  a one-shot watchdog timer turns sampling off if the overlay
// stops polling.
//

#define PACER_TAG           'cPrF'
#define PACER_DEVICE        L"\\Device\\FramePacer"
#define PACER_LINK          L"\\DosDevices\\FramePacer"

#define SAMPLE_PERIOD_MS    4               // 250 Hz
#define SAMPLE_COUNT        512
#define WATCHDOG_SECONDS    5

#define RELATIVE_MS(ms)     (-(LONGLONG)(ms) * 10 * 1000)

#define IOCTL_PACER_SNAPSHOT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PACER_KICK        CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define TRACE(fmt, ...)     KdPrint(("framepacer: " fmt "\n", __VA_ARGS__))

typedef struct _PACER_SAMPLE {
    ULONGLONG InterruptTime;
    LONGLONG  Qpc;
    ULONG     Cpu;
    ULONG     Pad;
} PACER_SAMPLE, *PPACER_SAMPLE;

typedef struct _PACER_RING {
    ULONG        Next;
    ULONG        Valid;
    LONGLONG     QpcFrequency;
    PACER_SAMPLE Samples[SAMPLE_COUNT];
} PACER_RING, *PPACER_RING;

typedef struct _PACER_GLOBALS {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  LinkName;

    KTIMER          SampleTimer;        // periodic
    KDPC            SampleDpc;
    KTIMER          WatchdogTimer;      // one-shot, re-armed by IOCTL_PACER_KICK
    KDPC            WatchdogDpc;

    KSPIN_LOCK      RingLock;
    PPACER_RING     Ring;
    volatile LONG   Sampling;
    ULONG           Dropped;
} PACER_GLOBALS;

extern PACER_GLOBALS G;

// sampler.c
KDEFERRED_ROUTINE PacerSampleDpc;
KDEFERRED_ROUTINE PacerWatchdogDpc;
VOID     PacerArmWatchdog(VOID);
NTSTATUS PacerCopySnapshot(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length, _Out_ PULONG Written);

#endif
