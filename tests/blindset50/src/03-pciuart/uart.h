//
// uart.h - PCI 16C550 serial card, KMDF version.
//
// Board: generic "PCI-1S" single port card (Oxford-like, 16550 core at BAR0).
//
#pragma once

extern "C" {
#include <ntddk.h>
#include <wdf.h>
}

#define UART_TAG            'tUcP'
#define UART_RX_RING_SIZE   4096
#define UART_ISR_FIFO       16
#define UART_CLOCK          1843200

// 16550 register offsets
#define REG_RBR_THR         0
#define REG_IER             1
#define REG_IIR_FCR         2
#define REG_LCR             3
#define REG_MCR             4
#define REG_LSR             5

#define IER_RDA             0x01
#define IIR_NO_INT          0x01
#define LSR_DR              0x01
#define LSR_THRE            0x20
#define LCR_DLAB            0x80
#define MCR_OUT2            0x08

#define UART_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pciuart: " fmt "\n", __VA_ARGS__)
#define UART_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pciuart!: " fmt "\n", __VA_ARGS__)

struct UART_CONTEXT
{
    WDFDEVICE       Device;
    WDFINTERRUPT    Interrupt;
    WDFSPINLOCK     RxLock;
    WDFMEMORY       RxMemory;
    PUCHAR          RxBuffer;
    ULONG           RxHead;
    ULONG           RxTail;

    // filled by the ISR, drained by the DPC, interrupt lock protects it
    UCHAR           IsrFifo[UART_ISR_FIFO];
    ULONG           IsrCount;

    PUCHAR          Regs;
    SIZE_T          RegsLength;
    ULONG           BaudRate;

    WCHAR           DeviceName[32];
    WCHAR           PortName[16];
    BOOLEAN         SerialCommWritten;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UART_CONTEXT, UartGetContext)

namespace PciUart
{
    class Device
    {
    public:
        static EVT_WDF_DRIVER_DEVICE_ADD          EvtDeviceAdd;
        static EVT_WDF_OBJECT_CONTEXT_CLEANUP     EvtContextCleanup;
        static EVT_WDF_DEVICE_PREPARE_HARDWARE    EvtPrepareHardware;
        static EVT_WDF_DEVICE_RELEASE_HARDWARE    EvtReleaseHardware;
        static EVT_WDF_DEVICE_D0_ENTRY            EvtD0Entry;
        static EVT_WDF_DEVICE_D0_EXIT             EvtD0Exit;
        static EVT_WDF_INTERRUPT_ISR              EvtIsr;
        static EVT_WDF_INTERRUPT_DPC              EvtDpc;
        static EVT_WDF_IO_QUEUE_IO_READ           EvtIoRead;
        static EVT_WDF_IO_QUEUE_IO_WRITE          EvtIoWrite;
        static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

    private:
        static NTSTATUS PublishPort(UART_CONTEXT* ctx);
        static void     SetBaud(UART_CONTEXT* ctx, ULONG baud);

        static inline UCHAR Rd(UART_CONTEXT* c, ULONG r)          { return READ_REGISTER_UCHAR(c->Regs + r); }
        static inline void  Wr(UART_CONTEXT* c, ULONG r, UCHAR v) { WRITE_REGISTER_UCHAR(c->Regs + r, v); }

        static LONG s_Instance;
    };
}
