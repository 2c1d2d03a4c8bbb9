/*
 * vcom.h - KMDF virtual COM port (loopback).
 *
 * Each device instance is a COM port whose transmit side feeds its own
 * receive side, handy for testing serial tools without hardware.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntddser.h>
#include <ntstrsafe.h>
#include <initguid.h>
#include <devpkey.h>

#include "ringbuf.h"

#define VCOM_POOL_TAG           'moCV'
#define VCOM_RING_SIZE          4096
#define VCOM_DEFAULT_BAUD       115200

#define VCOM_DBG_ERROR          DPFLTR_ERROR_LEVEL
#define VCOM_DBG_WARN           DPFLTR_WARNING_LEVEL
#define VCOM_DBG_INFO           DPFLTR_INFO_LEVEL

#define VcomDbg(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (level), "vcom!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

#define VCOM_LOG_IF_FAILED(_status, _what)                                      \
    do {                                                                        \
        if (!NT_SUCCESS(_status)) {                                             \
            VcomDbg(VCOM_DBG_ERROR, "%s failed 0x%08X", (_what), (_status));    \
        }                                                                       \
    } while (0)

typedef struct _VCOM_SETTINGS {
    ULONG   DefaultBaudRate;
    ULONG   RingSize;
    ULONG   CreateDosName;
} VCOM_SETTINGS, *PVCOM_SETTINGS;

extern VCOM_SETTINGS g_VcomSettings;

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE           Device;
    WDFQUEUE            ReadQueue;          /* manual, reads waiting for data */
    WDFQUEUE            WaitMaskQueue;      /* manual, IOCTL_SERIAL_WAIT_ON_MASK */
    WDFSPINLOCK         Lock;

    VCOM_RING           Ring;

    SERIAL_BAUD_RATE    BaudRate;
    SERIAL_LINE_CONTROL LineControl;
    SERIAL_TIMEOUTS     Timeouts;
    SERIAL_HANDFLOW     HandFlow;
    SERIAL_CHARS        Chars;
    ULONG               WaitMask;
    ULONG               ModemControl;       /* SERIAL_DTR_STATE | SERIAL_RTS_STATE */

    UNICODE_STRING      PortName;
    WCHAR               PortNameBuffer[16];
    BOOLEAN             SerialCommWritten;
    BOOLEAN             SymbolicLinkCreated;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, VcomGetDeviceContext)

DRIVER_INITIALIZE                   DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD           VcomEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      VcomEvtDriverContextCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      VcomEvtDeviceContextCleanup;

EVT_WDF_IO_QUEUE_IO_READ            VcomEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE           VcomEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  VcomEvtIoDeviceControl;

NTSTATUS VcomQueueInitialize(_In_ WDFDEVICE Device);
VOID     VcomServicePendingReads(_In_ PDEVICE_CONTEXT Ctx);
VOID     VcomSignalWaitMask(_In_ PDEVICE_CONTEXT Ctx, _In_ ULONG Events);
