/*
 * pnpirq.h - KMDF function driver for the course's "doorbell" PCI board.
 *
 * The board has one register BAR and one interrupt.  Ringing the doorbell
 * from the host side makes the board raise an interrupt a little later; we
 * count the round trips, and a watchdog timer notices when the board stops
 * answering and schedules a passive-level reset.
 */
#ifndef _PNPIRQ_H_
#define _PNPIRQ_H_

#include <ntddk.h>
#include <wdf.h>

#define PNPIRQ_TAG              'qrIP'
#define PNPIRQ_WATCHDOG_MS      2000
#define PNPIRQ_LOG_ENTRIES      128

/* BAR0 */
#define DB_REG_RING     0x00
#define DB_REG_ACK      0x04
#define DB_REG_IRQEN    0x08
#define DB_REG_RESET    0x0C

#define PLOG(fmt, ...)  KdPrint(("pnpirq: " fmt "\n", __VA_ARGS__))

typedef struct _PNPIRQ_CONTEXT {
    WDFDEVICE     Device;
    WDFINTERRUPT  Interrupt;
    WDFTIMER      Watchdog;
    WDFWORKITEM   ResetWork;

    PUCHAR        Bar;
    SIZE_T        BarLength;

    /* ISR -> DPC handoff, under the interrupt lock */
    ULONG         PendingAcks;

    /* DPC owned */
    ULONG64       RoundTrips;
    ULONG64       LastAckTime;

    LONG          ResetQueued;
    ULONG         Resets;

    /* pool buffer freed by the destroy callback */
    PULONG64      LatencyLog;
    ULONG         LatencyNext;
} PNPIRQ_CONTEXT, *PPNPIRQ_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PNPIRQ_CONTEXT, PnpIrqGetContext)

DRIVER_INITIALIZE                DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD        PnpIrqEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE  PnpIrqEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE  PnpIrqEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY          PnpIrqEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT           PnpIrqEvtD0Exit;
EVT_WDF_OBJECT_CONTEXT_DESTROY   PnpIrqEvtDeviceDestroy;
EVT_WDF_INTERRUPT_ISR            PnpIrqEvtIsr;
EVT_WDF_INTERRUPT_DPC            PnpIrqEvtDpc;
EVT_WDF_INTERRUPT_ENABLE         PnpIrqEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE        PnpIrqEvtInterruptDisable;
EVT_WDF_TIMER                    PnpIrqEvtWatchdog;
EVT_WDF_WORKITEM                 PnpIrqEvtResetWork;

#define DB_READ(c, r)      READ_REGISTER_ULONG((volatile ULONG*)((c)->Bar + (r)))
#define DB_WRITE(c, r, v)  WRITE_REGISTER_ULONG((volatile ULONG*)((c)->Bar + (r)), (v))

#endif
