#pragma once

#include <ntddk.h>

/*
 * tickdpc - periodic timer + DPC sampler.
 * Every TICK_PERIOD_MS the DPC records which CPU it ran on and the
 * interrupt time, user mode pulls the samples with IOCTL_TICK_GET_SAMPLES.
 */

#define TICK_TAG            'kciT'
#define TICK_PERIOD_MS      250
#define TICK_RING_CAPACITY  512

#define TICK_NT_NAME        L"\\Device\\TickDpc"
#define TICK_DOS_NAME       L"\\DosDevices\\TickDpc"

#define IOCTL_TICK_GET_SAMPLES  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_OUT_DIRECT, FILE_READ_DATA)
#define IOCTL_TICK_GET_STATS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED,   FILE_READ_DATA)

#if DBG
#define TDBG(...)  DbgPrint("tickdpc: " __VA_ARGS__)
#else
#define TDBG(...)
#endif

typedef struct _TICK_SAMPLE {
    ULONGLONG InterruptTime;
    ULONG     Processor;
    ULONG     Sequence;
} TICK_SAMPLE, *PTICK_SAMPLE;

typedef struct _TICK_STATS {
    ULONG Fired;
    ULONG Dropped;
    ULONG Buffered;
} TICK_STATS, *PTICK_STATS;

typedef struct _TICK_RING {
    KSPIN_LOCK   Lock;
    PTICK_SAMPLE Buffer;
    ULONG        Capacity;
    ULONG        Head;       /* next write */
    ULONG        Count;
    ULONG        Dropped;
} TICK_RING, *PTICK_RING;

typedef struct _TICK_CONTEXT {
    KTIMER          Timer;
    KDPC            Dpc;
    TICK_RING       Ring;
    volatile LONG   Sequence;
    PDEVICE_OBJECT  Device;
} TICK_CONTEXT, *PTICK_CONTEXT;

extern TICK_CONTEXT g_Tick;

/* ring.c */
NTSTATUS RingInit(_Out_ PTICK_RING Ring, _In_ ULONG Capacity);
VOID     RingFree(_Inout_ PTICK_RING Ring);
VOID     RingPushAtDpc(_Inout_ PTICK_RING Ring, _In_ const TICK_SAMPLE *Sample);
ULONG    RingDrain(_Inout_ PTICK_RING Ring, _Out_writes_(Max) PTICK_SAMPLE Out, _In_ ULONG Max);
VOID     RingStats(_Inout_ PTICK_RING Ring, _Out_ PTICK_STATS Stats);
