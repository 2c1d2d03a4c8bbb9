/*
 * usbled.h
 *
 * KMDF function driver for my home-made USB LED bar (ATmega32u4 running a
 * vendor-class firmware, VID 1209 / PID 7A11). One vendor request sets the
 * 8 LEDs, the driver can also play a blink pattern that is stored in the
 * service key under Parameters\Patterns (REG_BINARY, 8 bytes per pattern).
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>

#include "trace.h"

#define USBLED_TAG               'DELU'
#define USBLED_MAX_PATTERNS      16
#define USBLED_STEPS             8
#define USBLED_STEP_MS           150

#define USBLED_VENDOR_SET_BAR    0xD8

// {3c1f0b8a-7e52-4d1c-a6b3-0e9f4d21c7a5}
DEFINE_GUID(GUID_DEVINTERFACE_USBLED,
    0x3c1f0b8a, 0x7e52, 0x4d1c, 0xa6, 0xb3, 0x0e, 0x9f, 0x4d, 0x21, 0xc7, 0xa5);

#define IOCTL_USBLED_SET_BAR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBLED_PLAY_PATTERN \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBLED_STOP \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _USBLED_PATTERNS {
    ULONG Count;
    UCHAR Steps[USBLED_MAX_PATTERNS][USBLED_STEPS];
} USBLED_PATTERNS, *PUSBLED_PATTERNS;

/* loaded once in DriverEntry, shared by all devices */
extern PUSBLED_PATTERNS g_Patterns;

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE UsbDevice;
    WDFTIMER     PatternTimer;
    LONG         Playing;
    ULONG        PatternIndex;
    ULONG        Step;
    UCHAR        CurrentBar;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, UsbLedGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UsbLedEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsbLedEvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE UsbLedEvtDevicePrepareHardware;
EVT_WDF_DEVICE_D0_EXIT UsbLedEvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UsbLedEvtIoDeviceControl;
EVT_WDF_TIMER UsbLedEvtPatternTimer;

VOID UsbLedFreePatterns(VOID);
NTSTATUS UsbLedSetBar(_In_ PDEVICE_CONTEXT Ctx, _In_ UCHAR Value);
