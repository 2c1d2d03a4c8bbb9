/*++
    driver.h - shared definitions for the usbled KMDF function driver.

    Target hardware: hobby USB LED strip controller (vendor class,
    one interface, control endpoint only).
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

// {3E5B0C11-6A2F-4C7D-8E0A-7B1F29D64C35}
DEFINE_GUID(GUID_DEVINTERFACE_USBLED,
    0x3e5b0c11, 0x6a2f, 0x4c7d, 0x8e, 0x0a, 0x7b, 0x1f, 0x29, 0xd6, 0x4c, 0x35);

#define USBLED_POOL_TAG         'deLU'

#define USBLED_REQ_SET_COLOR    0xD1
#define USBLED_REQ_SET_MODE     0xD2
#define USBLED_REQ_GET_STATUS   0xD3

#define FILE_DEVICE_USBLED      0x8A00
#define IOCTL_USBLED_SET_COLOR  CTL_CODE(FILE_DEVICE_USBLED, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBLED_SET_MODE   CTL_CODE(FILE_DEVICE_USBLED, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBLED_GET_STATUS CTL_CODE(FILE_DEVICE_USBLED, 0x803, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _USBLED_COLOR {
    UCHAR Red;
    UCHAR Green;
    UCHAR Blue;
    UCHAR Brightness;
} USBLED_COLOR, *PUSBLED_COLOR;

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFWAITLOCK     StateLock;
    USBLED_COLOR    CurrentColor;
    UCHAR           CurrentMode;
    ULONG           UsbDeviceTraits;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UsbLedEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsbLedEvtDriverContextCleanup;

EVT_WDF_DEVICE_PREPARE_HARDWARE UsbLedEvtDevicePrepareHardware;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UsbLedEvtIoDeviceControl;

NTSTATUS
UsbLedQueueInitialize(
    _In_ WDFDEVICE Device
    );
