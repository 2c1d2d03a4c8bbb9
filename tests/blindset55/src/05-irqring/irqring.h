/*
 * irqring.h
 *
 * KMDF function driver for the "IRQ ring" teaching board (PCI, one BAR of
 * registers, one line/MSI interrupt).  The board latches a 32-bit sample into
 * DATA and raises an interrupt; we collect samples into a ring and hand them
 * out through ReadFile (non-blocking, returns what is there).
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

// {0B8D2A6E-51C4-4F0E-A7F3-2D6E4C19B805}
DEFINE_GUID(GUID_DEVINTERFACE_IRQRING,
    0x0b8d2a6e, 0x51c4, 0x4f0e, 0xa7, 0xf3, 0x2d, 0x6e, 0x4c, 0x19, 0xb8, 0x05);

#define IRQRING_TAG          'gRqI'
#define IRQRING_RING_SLOTS   4096

/* register layout, BAR0 */
#define REG_CONTROL     0x00
#define REG_STATUS      0x04
#define REG_DATA        0x08
#define REG_INTMASK     0x0C

#define CTRL_RESET      0x00000001
#define CTRL_RUN        0x00000002
#define STAT_SAMPLE     0x00000001
#define STAT_OVERRUN    0x00000002

#define DBG_ERR(fmt, ...)   KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "irqring: " fmt "\n", __VA_ARGS__))
#define DBG_INFO(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "irqring: " fmt "\n", __VA_ARGS__))

typedef struct _IRQRING_CONTEXT {
    WDFDEVICE     Device;
    WDFINTERRUPT  Interrupt;

    PUCHAR        Regs;
    SIZE_T        RegsLength;

    /* filled by the ISR, consumed by the DPC (under the interrupt lock) */
    ULONG         LatchedStatus;
    ULONG         LatchedData;

    /* sample ring, guarded by RingLock */
    WDFSPINLOCK   RingLock;
    WDFMEMORY     RingMemory;
    PULONG        Ring;
    ULONG         Head;
    ULONG         Count;
    ULONG         Overruns;
} IRQRING_CONTEXT, *PIRQRING_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(IRQRING_CONTEXT, IrqRingGetContext)

/* driver.c */
DRIVER_INITIALIZE                DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD        IrqRingEvtDeviceAdd;

/* device.c */
EVT_WDF_DEVICE_PREPARE_HARDWARE  IrqRingEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE  IrqRingEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY          IrqRingEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT           IrqRingEvtD0Exit;
EVT_WDF_OBJECT_CONTEXT_CLEANUP   IrqRingEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_READ         IrqRingEvtIoRead;

/* isr.c */
EVT_WDF_INTERRUPT_ISR            IrqRingEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC            IrqRingEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE         IrqRingEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE        IrqRingEvtInterruptDisable;

VOID IrqRingResetHardware(_In_ PIRQRING_CONTEXT Ctx);

__forceinline ULONG RdReg(PIRQRING_CONTEXT c, ULONG off)
{
    return READ_REGISTER_ULONG((volatile ULONG*)(c->Regs + off));
}

__forceinline VOID WrReg(PIRQRING_CONTEXT c, ULONG off, ULONG v)
{
    WRITE_REGISTER_ULONG((volatile ULONG*)(c->Regs + off), v);
}
