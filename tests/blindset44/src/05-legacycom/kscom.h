/*
 *  kscom.h  --  KS-232 legacy (non-PnP) serial port driver for the
 *               Kessler industrial panel PCs (16550 on the LPC bus).
 *
 *  Copyright (c) 2012-2020 Kessler Systemtechnik.  All rights reserved.
 */

#ifndef KSCOM_H
#define KSCOM_H

#include <ntddk.h>
#include <ntddser.h>

#define KS_TAG                  'moCK'
#define KS_DEVICE_NAME          L"\\Device\\KsSerial0"
#define KS_DOS_NAME             L"\\DosDevices\\COM9"
#define KS_COM_NAME             L"COM9"
#define KS_DEFAULT_PORT_BASE    0x2F8
#define KS_PORT_SPAN            8
#define KS_RX_RING_SIZE         4096
#define KS_POLL_INTERVAL_MS     2
#define KS_UART_CLOCK           1843200

/* 16550 register offsets */
#define UART_RBR    0
#define UART_THR    0
#define UART_IER    1
#define UART_DLL    0
#define UART_DLM    1
#define UART_FCR    2
#define UART_LCR    3
#define UART_MCR    4
#define UART_LSR    5
#define UART_SCR    7

#define LSR_DR      0x01
#define LSR_THRE    0x20
#define LCR_DLAB    0x80
#define LCR_8N1     0x03

#define KS_PRINT(_x_)   DbgPrint _x_
#define KS_FAIL(_call_, _st_) \
    DbgPrint("kscom: %s failed, status %08lx (%s:%d)\n", _call_, (ULONG)(_st_), __FILE__, __LINE__)

typedef struct _KS_DEVICE_EXTENSION {
    PDEVICE_OBJECT  pDeviceObject;
    PUCHAR          pucPortBase;
    ULONG           ulBaudRate;

    UNICODE_STRING  ustrDeviceName;
    UNICODE_STRING  ustrDosName;

    KSPIN_LOCK      slRing;
    PUCHAR          pucRing;
    ULONG           ulHead;
    ULONG           ulTail;
    ULONG           ulOverflows;

    KTIMER          stPollTimer;
    KDPC            stPollDpc;
    LONG            lOpenCount;
    BOOLEAN         bResourcesClaimed;
} KS_DEVICE_EXTENSION, *PKS_DEVICE_EXTENSION;

/* driver.c */
DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       KsUnload;

/* uart.c */
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)          DRIVER_DISPATCH KsDispatchCreateClose;
_Dispatch_type_(IRP_MJ_READ)           DRIVER_DISPATCH KsDispatchRead;
_Dispatch_type_(IRP_MJ_WRITE)          DRIVER_DISPATCH KsDispatchWrite;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH KsDispatchIoctl;
KDEFERRED_ROUTINE KsPollDpc;

BOOLEAN  KsUartProbe(_In_ PKS_DEVICE_EXTENSION pExt);
VOID     KsUartSetBaud(_In_ PKS_DEVICE_EXTENSION pExt, _In_ ULONG ulBaud);

#endif /* KSCOM_H */
