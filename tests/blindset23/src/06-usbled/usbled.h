/*
 * usbled.h - shared declarations for the USB LED bar sample driver
 *
 * The device is a hobby board (ATmega32U4) that exposes one vendor
 * control request to set an 8-bit LED bar and one to read it back.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

// {5C5B7E2A-4C1B-4F3A-9C6E-2B7A8D1E6F10}
DEFINE_GUID(GUID_DEVINTERFACE_USBLED,
    0x5c5b7e2a, 0x4c1b, 0x4f3a, 0x9c, 0x6e, 0x2b, 0x7a, 0x8d, 0x1e, 0x6f, 0x10);

#define USBLED_REQUEST_SET_BAR   0xD8
#define USBLED_REQUEST_GET_BAR   0xD7

#define IOCTL_USBLED_SET_BAR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBLED_GET_BAR  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    UCHAR           CurrentBar;
    BOOLEAN         SystemSleeping;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UsbLedEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD UsbLedEvtDriverUnload;
EVT_WDF_DEVICE_PREPARE_HARDWARE UsbLedEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY UsbLedEvtD0Entry;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UsbLedEvtIoDeviceControl;

NTSTATUS
UsbLedSetBar(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ UCHAR Value
    );

extern volatile LONG g_SystemPowerTransitions;
