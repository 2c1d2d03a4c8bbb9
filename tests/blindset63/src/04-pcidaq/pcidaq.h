//
// pcidaq.h - KMDF driver for the "DAQ-8" FPGA acquisition card (PCIe x1)
// BAR0: 4 KB registers, one MSI, 64-bit S/G DMA with a descriptor ring
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

// {6f0e2d91-3a57-4c1b-b8e4-57d2a0c9f1e6}
DEFINE_GUID(GUID_DEVINTERFACE_PCIDAQ,
    0x6f0e2d91, 0x3a57, 0x4c1b, 0xb8, 0xe4, 0x57, 0xd2, 0xa0, 0xc9, 0xf1, 0xe6);

#define DAQ_TAG                 'qaDP'
#define DAQ_BAR0_MIN_LENGTH     0x1000
#define DAQ_MAX_TRANSFER        (1024 * 1024)
#define DAQ_DESC_COUNT          64
#define DAQ_DESC_RING_BYTES     (DAQ_DESC_COUNT * sizeof(DAQ_DESCRIPTOR))
// register offsets (ULONG index into the BAR)
#define DAQ_REG_CONTROL         0x00
#define DAQ_REG_STATUS          0x01
#define DAQ_REG_INT_MASK        0x02
#define DAQ_REG_RING_LO         0x04
#define DAQ_REG_RING_HI         0x05
#define DAQ_REG_DOORBELL        0x06
#define DAQ_CTRL_RESET          0x00000001
#define DAQ_CTRL_RUN            0x00000002
#define DAQ_STATUS_BLOCK_DONE   0x00000100
#define DAQ_STATUS_ERROR        0x00008000
#define DAQ_LOG(fmt, ...)   KdPrint(("pcidaq: " fmt "\n", __VA_ARGS__))

typedef struct _DAQ_DESCRIPTOR {
    ULONGLONG   Address;
    ULONG       Length;
    ULONG       Flags;
} DAQ_DESCRIPTOR, *PDAQ_DESCRIPTOR;

typedef struct _DAQ_CONTEXT {
    LIST_ENTRY          Link;           // on Daq::Globals::CardList
    volatile ULONG*     Regs;
    SIZE_T              RegsLength;
    WDFINTERRUPT        Interrupt;
    WDFDMAENABLER       DmaEnabler;
    WDFCOMMONBUFFER     DescRing;
    PDAQ_DESCRIPTOR     DescRingVa;
    PHYSICAL_ADDRESS    DescRingLa;
    WDFDMATRANSACTION   ReadTransaction;
    WDFQUEUE            ReadQueue;
    ULONG               LastStatus;
    LONG                PowerLocked;
} DAQ_CONTEXT, *PDAQ_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DAQ_CONTEXT, DaqGetContext)

namespace Daq {

struct Globals {
    static LIST_ENTRY           CardList;
    static KSPIN_LOCK           CardListLock;
    static PCALLBACK_OBJECT     PowerCbObject;
    static PVOID                PowerCbHandle;
};

CALLBACK_FUNCTION                   PowerStateCallback;
EVT_WDF_DRIVER_DEVICE_ADD           EvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD               EvtDriverUnload;
EVT_WDF_DEVICE_PREPARE_HARDWARE     EvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE     EvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY             EvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT              EvtD0Exit;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      EvtDeviceCleanup;
EVT_WDF_INTERRUPT_ISR               EvtInterruptIsr;
EVT_WDF_INTERRUPT_DPC               EvtInterruptDpc;
EVT_WDF_IO_QUEUE_IO_READ            EvtIoRead;
EVT_WDF_PROGRAM_DMA                 EvtProgramDma;

NTSTATUS InitializeDma(_In_ WDFDEVICE Device, _In_ PDAQ_CONTEXT Ctx);

inline ULONG ReadReg(PDAQ_CONTEXT c, ULONG r)            { return READ_REGISTER_ULONG((PULONG)&c->Regs[r]); }
inline VOID  WriteReg(PDAQ_CONTEXT c, ULONG r, ULONG v)  { WRITE_REGISTER_ULONG((PULONG)&c->Regs[r], v); }

} // namespace Daq
