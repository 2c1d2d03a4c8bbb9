/*
 * kbdsniff.h - keystroke rate monitor (legacy keyboard class filter)
 *
 * Counts make/break codes going up from KeyboardClass0 and prints the
 * typing rate every few seconds from a worker thread. Does not record
 * which keys were pressed.
 */
#ifndef KBDSNIFF_H
#define KBDSNIFF_H

#include <ntddk.h>
#include <ntddkbd.h>

#define KS_TARGET_NAME   L"\\Device\\KeyboardClass0"
#define KS_PERIOD_MS     5000

#define KS_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "kbdsniff: " fmt "\n", __VA_ARGS__)

typedef struct _KS_DEVICE_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
} KS_DEVICE_EXTENSION, *PKS_DEVICE_EXTENSION;

typedef struct _KS_STATE {
    PDEVICE_OBJECT FilterDevice;
    volatile LONG  PendingReads;
    volatile LONG  KeyDowns;
    volatile LONG  KeyUps;

    KTIMER         Timer;
    KDPC           TimerDpc;
    BOOLEAN        TimerArmed;

    KEVENT         StopEvent;
    KEVENT         TickEvent;
    PKTHREAD       Worker;
} KS_STATE;

extern KS_STATE KsState;

/* filter.c */
DRIVER_DISPATCH KsDispatchPass;
DRIVER_DISPATCH KsDispatchRead;
DRIVER_DISPATCH KsDispatchPower;
NTSTATUS KsAttach(_In_ PDRIVER_OBJECT DriverObject);
VOID     KsDetach(VOID);

/* stats.c */
NTSTATUS KsStartWorker(VOID);
VOID     KsStopWorker(VOID);
VOID     KsStartTimer(VOID);
VOID     KsStopTimer(VOID);

#endif
