/*++

Copyright (c) Northgate Instruments.  All rights reserved.

Module Name:

    pcidma.h

Abstract:

    Common definitions for the NGI-4410 PCIe acquisition card driver.
    The card exposes one 4 KB register BAR and a scatter/gather DMA
    engine fed by a descriptor ring in host memory.

Environment:

    Kernel mode, KMDF 1.15+

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <evntrace.h>
#include <evntprov.h>
#include <ntstrsafe.h>

#define PD_POOL_TAG                 'dDgN'

#define PD_DEFAULT_MAX_TRANSFER     (1024 * 1024)
#define PD_DEFAULT_DESC_COUNT       64
#define PD_MIN_DESC_COUNT           8
#define PD_MAX_DESC_COUNT           512
#define PD_DMA_ALIGNMENT            FILE_64_BYTE_ALIGNMENT

//
// Register map (BAR0)
//

#include <pshpack4.h>
typedef struct _PD_REGISTERS {
    ULONG Control;              // 0x00
    ULONG Status;               // 0x04
    ULONG IntEnable;            // 0x08
    ULONG IntStatus;            // 0x0C  write-1-to-clear
    ULONG DescBaseLow;          // 0x10
    ULONG DescBaseHigh;         // 0x14
    ULONG DescCount;            // 0x18
    ULONG Doorbell;             // 0x1C  write = number of valid descriptors
    ULONG Reserved[1016];
} PD_REGISTERS, *PPD_REGISTERS;
#include <poppack.h>

C_ASSERT(sizeof(PD_REGISTERS) == 4096);

#define PD_CTRL_ENABLE              0x00000001
#define PD_CTRL_RESET               0x80000000
#define PD_CTRL_DIR_TO_DEVICE       0x00000010

#define PD_INT_DMA_DONE             0x00000001
#define PD_INT_DMA_ERROR            0x00000002
#define PD_INT_ALL                  (PD_INT_DMA_DONE | PD_INT_DMA_ERROR)

typedef struct _PD_DESCRIPTOR {
    ULONG64 Address;
    ULONG   Length;
    ULONG   Flags;
} PD_DESCRIPTOR, *PPD_DESCRIPTOR;

#define PD_DESC_LAST                0x00000001

//
// Driver-wide state.  The ETW handle has to exist before WdfDriverCreate,
// so it lives in a plain global; tunables live in the WDFDRIVER context.
//

typedef struct _PD_GLOBALS {
    REGHANDLE   EtwHandle;
    BOOLEAN     EtwRegistered;
} PD_GLOBALS, *PPD_GLOBALS;

extern PD_GLOBALS PdGlobals;

typedef struct _PD_DRIVER_CONTEXT {
    ULONG MaxTransferLength;
    ULONG DescriptorCount;
} PD_DRIVER_CONTEXT, *PPD_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PD_DRIVER_CONTEXT, PdGetDriverContext)

//
// Per-device state
//

typedef struct _PD_DEVICE_CONTEXT {

    WDFDEVICE           Device;

    PPD_REGISTERS       Registers;
    SIZE_T              RegistersLength;

    WDFINTERRUPT        Interrupt;
    ULONG               LatchedStatus;      // protected by the interrupt lock

    WDFDMAENABLER       DmaEnabler;
    WDFDMATRANSACTION   Transaction;
    WDFCOMMONBUFFER     DescriptorRing;
    PPD_DESCRIPTOR      DescriptorVa;
    PHYSICAL_ADDRESS    DescriptorLa;
    ULONG               DescriptorCount;
    ULONG               MaxTransferLength;

    WDFQUEUE            IoQueue;
    WDFREQUEST          CurrentRequest;     // owned while a transfer is running

} PD_DEVICE_CONTEXT, *PPD_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PD_DEVICE_CONTEXT, PdGetDeviceContext)

//
// Tracing
//

VOID
PdTrace(
    _In_ UCHAR Level,
    _In_z_ PCWSTR Message,
    _In_ NTSTATUS Status
    );

#define PD_TRACE_ERROR(_msg, _st)   PdTrace(TRACE_LEVEL_ERROR, L##_msg, (_st))
#define PD_TRACE_INFO(_msg)         PdTrace(TRACE_LEVEL_INFORMATION, L##_msg, STATUS_SUCCESS)

//
// Returns from the *calling* routine on failure after logging.  Only used
// in routines whose earlier steps are owned by framework objects, so an
// early return never leaks anything.
//
#define PD_RETURN_IF_FAILED(_st, _msg)                                      \
    do {                                                                    \
        if (!NT_SUCCESS(_st)) {                                             \
            PD_TRACE_ERROR(_msg, (_st));                                    \
            return (_st);                                                   \
        }                                                                   \
    } while (0)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP PdEvtDriverContextCleanup;

//
// device.c
//
EVT_WDF_DRIVER_DEVICE_ADD PdEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE PdEvtDevicePrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE PdEvtDeviceReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY PdEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT PdEvtDeviceD0Exit;

//
// isr.c
//
EVT_WDF_INTERRUPT_ISR PdEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC PdEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE PdEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE PdEvtInterruptDisable;

//
// dma.c
//
EVT_WDF_IO_QUEUE_IO_READ PdEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE PdEvtIoWrite;
EVT_WDF_PROGRAM_DMA PdEvtProgramDma;

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
PdDmaInitialize(
    _In_ PPD_DEVICE_CONTEXT DevCtx
    );

_IRQL_requires_(DISPATCH_LEVEL)
VOID
PdDmaCompleteCurrent(
    _In_ PPD_DEVICE_CONTEXT DevCtx,
    _In_ ULONG InterruptStatus
    );
