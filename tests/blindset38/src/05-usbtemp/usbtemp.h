/*
 * usbtemp.h - KMDF driver for the "ThermoStick" (a PIC18 board that
 * reports a temperature sample on its interrupt IN endpoint once a second).
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>

#include "public.h"

#define UT_TAG          'pmTU'

#if DBG
#define UT_PRINT(lvl, _x_)  do { if ((lvl) <= g_UtDebugLevel) { DbgPrint("usbtemp: "); DbgPrint _x_; } } while (0)
#else
#define UT_PRINT(lvl, _x_)
#endif
#define UT_ERR(_x_)     UT_PRINT(1, _x_)
#define UT_INFO(_x_)    UT_PRINT(3, _x_)

#define UT_CHECK(_s_, _what_)                                               \
    if (!NT_SUCCESS(_s_)) {                                                 \
        UT_ERR(("%s failed 0x%08X\n", _what_, _s_));                        \
        return _s_;                                                         \
    }

extern ULONG g_UtDebugLevel;

typedef struct _UT_DEVICE_CONTEXT {
    WDFUSBDEVICE        UsbDevice;
    WDFUSBINTERFACE     UsbInterface;
    WDFUSBPIPE          InterruptPipe;

    WDFQUEUE            NotifyQueue;        // pended IOCTL_USBTEMP_WAIT_READING

    WDFSPINLOCK         ReadingLock;
    USBTEMP_READING     LastReading;
    BOOLEAN             HaveReading;
    ULONG               SampleCount;
} UT_DEVICE_CONTEXT, *PUT_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UT_DEVICE_CONTEXT, UtGetContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD               UtEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE         UtEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY                 UtEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                  UtEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      UtEvtIoDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE   UtEvtReadComplete;
EVT_WDF_USB_READERS_FAILED              UtEvtReadersFailed;

VOID UtReadDebugLevel(_In_ PUNICODE_STRING RegistryPath);
