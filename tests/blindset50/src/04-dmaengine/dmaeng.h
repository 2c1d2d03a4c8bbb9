/*
 * dmaeng.h - PCIe data mover card, KMDF. Locks timing to our refclock card if one is present.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include <wdmguid.h>

#define DMAENG_TAG              'gnED'
#define DMAENG_MAX_TRANSFER     (1024 * 1024)
#define DMAENG_RING_ENTRIES     64

#define DBGP(...)               KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "dmaeng: " __VA_ARGS__))
// BAR0 register block
#pragma pack(push, 1)
typedef struct _DMAENG_REGS {
    ULONG Control;          // 0x00
    ULONG Status;           // 0x04
    ULONG IntMask;          // 0x08
    ULONG IntStatus;        // 0x0C
    ULONG RingBaseLow;      // 0x10
    ULONG RingBaseHigh;     // 0x14
    ULONG RingHead;         // 0x18
    ULONG RingTail;         // 0x1C
    ULONG Timing;           // 0x20
} DMAENG_REGS, *PDMAENG_REGS;

typedef struct _DMAENG_DESC {
    ULONG64 Address;
    ULONG   Length;
    ULONG   Flags;
} DMAENG_DESC, *PDMAENG_DESC;
#pragma pack(pop)

#define CTRL_RUN            0x00000001
#define CTRL_RESET          0x80000000
#define INT_DONE            0x00000001
#define TIMING_LOCKED       0x00000001
#define DESC_LAST           0x00000001

// {C4E1B3A0-77D2-4E5B-8F1A-3B6C0D9E2F41}
DEFINE_GUID(GUID_DEVINTERFACE_REFCLOCK,
    0xc4e1b3a0, 0x77d2, 0x4e5b, 0x8f, 0x1a, 0x3b, 0x6c, 0x0d, 0x9e, 0x2f, 0x41);

typedef struct _CLOCK_ENTRY {
    LIST_ENTRY      Link;
    UNICODE_STRING  SymbolicLink;
} CLOCK_ENTRY, *PCLOCK_ENTRY;

typedef struct _DMAENG_GLOBALS {
    PVOID           ClockNotifyEntry;
    FAST_MUTEX      ClockLock;
    LIST_ENTRY      ClockList;
    ULONG           ClockCount;
} DMAENG_GLOBALS;

extern DMAENG_GLOBALS Globals;

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE           Device;
    PDMAENG_REGS        Regs;
    SIZE_T              RegsLength;
    WDFINTERRUPT        Interrupt;
    WDFDMAENABLER       DmaEnabler;
    WDFCOMMONBUFFER     Ring;
    PDMAENG_DESC        RingVa;
    PHYSICAL_ADDRESS    RingPa;
    WDFDMATRANSACTION   Transaction;
    WDFQUEUE            WriteQueue;
    ULONG               DescUsed;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_UNLOAD                   DmaEngEvtDriverUnload;
EVT_WDF_DRIVER_DEVICE_ADD               DmaEngEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE         DmaEngEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE         DmaEngEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY                 DmaEngEvtD0Entry;
EVT_WDF_INTERRUPT_ISR                   DmaEngEvtIsr;
EVT_WDF_INTERRUPT_DPC                   DmaEngEvtDpc;
EVT_WDF_INTERRUPT_ENABLE                DmaEngEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE               DmaEngEvtInterruptDisable;
EVT_WDF_IO_QUEUE_IO_WRITE               DmaEngEvtIoWrite;
EVT_WDF_PROGRAM_DMA                     DmaEngEvtProgramDma;
DRIVER_NOTIFICATION_CALLBACK_ROUTINE    DmaEngClockNotify;

BOOLEAN DmaEngClockPresent(VOID);
