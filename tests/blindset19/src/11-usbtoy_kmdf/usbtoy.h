/*
 * usbtoy.h - KMDF driver for the "LED bar + DIP switch" USB learning board
 *
 * The board has one configuration, one interface, an interrupt IN pipe
 * for the switches and takes vendor requests on EP0 for the LED bar.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#define USBTOY_TAG                  'yTsU'

/* {5f0b3c61-2e8d-4a19-b7c4-90d1e6a2f3b8} */
DEFINE_GUID(GUID_DEVINTERFACE_USBTOY,
    0x5f0b3c61, 0x2e8d, 0x4a19, 0xb7, 0xc4, 0x90, 0xd1, 0xe6, 0xa2, 0xf3, 0xb8);

#define USBTOY_REQ_GET_BAR          0xD7
#define USBTOY_REQ_SET_BAR          0xD8
#define USBTOY_REQ_GET_SWITCHES     0xD6

#define USBTOY_IOCTL_INDEX          0x800
#define IOCTL_USBTOY_GET_BAR        CTL_CODE(FILE_DEVICE_UNKNOWN, USBTOY_IOCTL_INDEX + 0, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_USBTOY_SET_BAR        CTL_CODE(FILE_DEVICE_UNKNOWN, USBTOY_IOCTL_INDEX + 1, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBTOY_PLAY_PATTERN   CTL_CODE(FILE_DEVICE_UNKNOWN, USBTOY_IOCTL_INDEX + 2, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBTOY_GET_SWITCHES   CTL_CODE(FILE_DEVICE_UNKNOWN, USBTOY_IOCTL_INDEX + 3, METHOD_BUFFERED, FILE_READ_ACCESS)

#define USBTOY_PATTERN_COUNT        8
#define USBTOY_PATTERN_STEPS        8

typedef struct _USBTOY_PATTERN {
    UCHAR Steps[USBTOY_PATTERN_STEPS];
} USBTOY_PATTERN, *PUSBTOY_PATTERN;

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      InterruptPipe;
    UCHAR           CurrentBar;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

/* driver.c */
extern PUSBTOY_PATTERN g_Patterns;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsbToyEvtDriverContextCleanup;

/* device.c */
EVT_WDF_DRIVER_DEVICE_ADD UsbToyEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE UsbToyEvtDevicePrepareHardware;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UsbToyEvtIoDeviceControl;
