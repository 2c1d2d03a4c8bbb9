/*
 * fx2.h - OSR FX2 switch pack reader (KMDF)
 *
 * Reads the DIP switches through the interrupt endpoint with a continuous
 * reader and lets apps wait for a change.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

#define FX2_TAG                 'RxfO'
#define FX2_INTERRUPT_EP_INDEX  0
#define FX2_DEFAULT_IDLE_MS     5000

// {5E0B7F12-4A9C-4D63-B1E8-7C20F9A3D415}
DEFINE_GUID(GUID_DEVINTERFACE_FX2READER,
    0x5e0b7f12, 0x4a9c, 0x4d63, 0xb1, 0xe8, 0x7c, 0x20, 0xf9, 0xa3, 0xd4, 0x15);

#define IOCTL_FX2_GET_SWITCHES      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FX2_WAIT_SWITCHES     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _FX2_DRIVER_CONTEXT {
    ULONG           IdleTimeoutMs;  // 0 == never idle out
    volatile LONG   Devices;
} FX2_DRIVER_CONTEXT, *PFX2_DRIVER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FX2_DRIVER_CONTEXT, Fx2GetDriverContext)

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      InterruptPipe;
    WDFQUEUE        WaitQueue;
    UCHAR           Switches;
    ULONG           Changes;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, Fx2GetDeviceContext)

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD               Fx2EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          Fx2EvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE         Fx2EvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY                 Fx2EvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                  Fx2EvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      Fx2EvtIoDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE   Fx2EvtReadComplete;
