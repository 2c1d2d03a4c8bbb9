// tick.h -- periodic sampler (timer + DPC) exposed through a control device
#ifndef _TICK_H_
#define _TICK_H_

#include <ntddk.h>

#define TICK_POOL_TAG       'kciT'
#define TICK_NT_NAME        L"\\Device\\TickDpc"
#define TICK_DOS_NAME       L"\\DosDevices\\TickDpc"

#define TICK_PERIOD_MS      250
#define TICK_RING_ENTRIES   256     // must be a power of two
#define TICK_RING_MASK      (TICK_RING_ENTRIES - 1)

#define FILE_DEVICE_TICK    0x9A00
#define IOCTL_TICK_SNAPSHOT CTL_CODE(FILE_DEVICE_TICK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_RESET    CTL_CODE(FILE_DEVICE_TICK, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define TickPrint(_x_) DbgPrint _x_
#else
#define TickPrint(_x_)
#endif

typedef struct _TICK_SAMPLE {
    ULONGLONG InterruptTime;
    ULONG     Processor;
    ULONG     Sequence;
} TICK_SAMPLE, *PTICK_SAMPLE;

typedef struct _TICK_SNAPSHOT {
    ULONG       Count;
    ULONG       Head;
    TICK_SAMPLE Samples[1];
} TICK_SNAPSHOT, *PTICK_SNAPSHOT;

typedef struct _TICK_STATE {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  DosName;
    KTIMER          Timer;
    KDPC            Dpc;
    KSPIN_LOCK      RingLock;
    PTICK_SAMPLE    Ring;
    ULONG           Head;
    ULONG           Count;
    volatile LONG   Sequence;
} TICK_STATE;

extern TICK_STATE Tick;

KDEFERRED_ROUTINE TickDpcRoutine;
DRIVER_DISPATCH   TickCreateClose;
DRIVER_DISPATCH   TickIoctl;

#endif // _TICK_H_
