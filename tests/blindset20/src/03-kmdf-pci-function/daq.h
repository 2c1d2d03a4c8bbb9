/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    daq.h

Abstract:

    Shared definitions for the DAQ-4000 PCIe data-acquisition card
    function driver (KMDF).

    The card exposes one memory BAR with a small register file, a sample
    FIFO readable through the data window, and a single line-based or
    MSI interrupt that signals "FIFO above threshold", "overrun" and
    "trigger fired".

Environment:

    Kernel mode, KMDF 1.15+.

--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#include "trace.h"

#define DAQ_POOL_TAG            'kQaD'

//
// {6C1A0E3B-2F9D-4C55-9A3E-8E2B0B5D9F41}
//
DEFINE_GUID(GUID_DEVINTERFACE_DAQ4K,
    0x6c1a0e3b, 0x2f9d, 0x4c55, 0x9a, 0x3e, 0x8e, 0x2b, 0x0b, 0x5d, 0x9f, 0x41);

//
// Register map (BAR0).
//
#define DAQ_REG_ID              0x000
#define DAQ_REG_CONTROL         0x004
#define DAQ_REG_STATUS          0x008
#define DAQ_REG_INT_ENABLE      0x00C
#define DAQ_REG_INT_STATUS      0x010       // write-1-to-clear
#define DAQ_REG_SAMPLE_RATE     0x014
#define DAQ_REG_FIFO_LEVEL      0x018
#define DAQ_REG_FIFO_THRESHOLD  0x01C
#define DAQ_REG_DATA_WINDOW     0x100

#define DAQ_BAR0_MIN_LENGTH     0x200
#define DAQ_EXPECTED_ID         0xDA040001

#define DAQ_CTRL_RUN            0x00000001
#define DAQ_CTRL_RESET          0x80000000

#define DAQ_INT_FIFO_THRESHOLD  0x00000001
#define DAQ_INT_OVERRUN         0x00000002
#define DAQ_INT_TRIGGER         0x00000004
#define DAQ_INT_ALL             (DAQ_INT_FIFO_THRESHOLD | DAQ_INT_OVERRUN | DAQ_INT_TRIGGER)

#define DAQ_FIFO_DEPTH          4096        // samples (ULONG each)

//
// Private IOCTLs.
//
#define FILE_DEVICE_DAQ4K           0x8DA4
#define IOCTL_DAQ_START             CTL_CODE(FILE_DEVICE_DAQ4K, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_DAQ_STOP              CTL_CODE(FILE_DEVICE_DAQ4K, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_DAQ_SET_SAMPLE_RATE   CTL_CODE(FILE_DEVICE_DAQ4K, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_DAQ_GET_STATUS        CTL_CODE(FILE_DEVICE_DAQ4K, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_DAQ_WAIT_EVENT        CTL_CODE(FILE_DEVICE_DAQ4K, 0x804, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _DAQ_STATUS {
    ULONG Running;
    ULONG SampleRate;
    ULONG FifoLevel;
    ULONG Overruns;
    ULONG Triggers;
} DAQ_STATUS, *PDAQ_STATUS;

typedef struct _DAQ_EVENT {
    ULONG InterruptStatus;
    ULONG FifoLevel;
} DAQ_EVENT, *PDAQ_EVENT;

//
// Driver-wide context (on the WDFDRIVER).
//
typedef struct _DAQ_DRIVER_CONTEXT {
    ULONG   DefaultSampleRate;
    ULONG   FifoThreshold;
    ULONG   ForceLineInterrupt;
    volatile LONG DeviceCount;
} DAQ_DRIVER_CONTEXT, *PDAQ_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DAQ_DRIVER_CONTEXT, DaqGetDriverContext)

//
// Per-device context.
//
typedef struct _DAQ_DEVICE_CONTEXT {
    WDFDEVICE           Device;

    //
    // Hardware.
    //
    PUCHAR              Registers;
    SIZE_T              RegistersLength;
    PHYSICAL_ADDRESS    RegistersPhysical;

    WDFINTERRUPT        Interrupt;
    WDFSPINLOCK         StateLock;          // protects the fields below

    ULONG               SampleRate;
    BOOLEAN             Running;
    ULONG               PendingInterruptStatus;   // accumulated by ISR, consumed by DPC
    ULONG               Overruns;
    ULONG               Triggers;

    //
    // Queues.
    //
    WDFQUEUE            DefaultQueue;       // parallel: IOCTLs
    WDFQUEUE            ReadQueue;          // sequential: sample reads
    WDFQUEUE            EventQueue;         // manual: IOCTL_DAQ_WAIT_EVENT
} DAQ_DEVICE_CONTEXT, *PDAQ_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DAQ_DEVICE_CONTEXT, DaqGetDeviceContext)

//
// Register accessors.
//
FORCEINLINE
ULONG
DaqReadRegister(
    _In_ PDAQ_DEVICE_CONTEXT Context,
    _In_ ULONG Offset
    )
{
    return READ_REGISTER_ULONG((volatile ULONG *)(Context->Registers + Offset));
}

FORCEINLINE
VOID
DaqWriteRegister(
    _In_ PDAQ_DEVICE_CONTEXT Context,
    _In_ ULONG Offset,
    _In_ ULONG Value
    )
{
    WRITE_REGISTER_ULONG((volatile ULONG *)(Context->Registers + Offset), Value);
}

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD DaqEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP DaqEvtDriverContextCleanup;

//
// device.c
//
EVT_WDF_DRIVER_DEVICE_ADD DaqEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE DaqEvtDevicePrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE DaqEvtDeviceReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY DaqEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT DaqEvtDeviceD0Exit;

//
// queue.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
DaqQueueInitialize(
    _In_ WDFDEVICE Device
    );

VOID
DaqCompleteEventWaiters(
    _In_ PDAQ_DEVICE_CONTEXT Context,
    _In_ ULONG InterruptStatus
    );

//
// interrupt.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
DaqInterruptCreate(
    _In_ WDFDEVICE Device
    );

EVT_WDF_INTERRUPT_ISR DaqEvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC DaqEvtInterruptDpc;
EVT_WDF_INTERRUPT_ENABLE DaqEvtInterruptEnable;
EVT_WDF_INTERRUPT_DISABLE DaqEvtInterruptDisable;
