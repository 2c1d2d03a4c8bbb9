/*
 * usbpass - forward a USB device to usbpassd (which speaks the same wire
 * protocol as the Linux usbip-host side).  Windows/KMDF glue only.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>

#define UP_TAG          'ssPU'
#define UP_CTL_NAME     L"\\Device\\UsbPassCtl"
#define UP_CTL_LINK     L"\\DosDevices\\UsbPassCtl"

#define UP_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "usbpass: " fmt "\n", ##__VA_ARGS__)

#define IOCTL_USBPASS_GET_DEVICE_DESCRIPTOR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_USBPASS_RESET_PORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_USBPASS_DEVICE_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

/* {6F0A3B52-4C1E-4F2B-9A37-2D61C0B8E415} */
DEFINE_GUID(GUID_DEVINTERFACE_USBPASS,
    0x6f0a3b52, 0x4c1e, 0x4f2b, 0x9a, 0x37, 0x2d, 0x61, 0xc0, 0xb8, 0xe4, 0x15);

typedef struct _UP_GLOBALS {
    WDFCOLLECTION   Devices;        /* every started passthrough device */
    WDFWAITLOCK     DevicesLock;
    WDFDEVICE       Control;        /* lives while Devices is non-empty */
} UP_GLOBALS;

extern UP_GLOBALS g_up;

typedef struct _UP_DEVICE {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    BOOLEAN         InList;
    ULONG           Instance;
} UP_DEVICE, *PUP_DEVICE;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UP_DEVICE, UpGetDevice)

typedef struct _UP_CTL {
    ULONG           Requests;
} UP_CTL, *PUP_CTL;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UP_CTL, UpGetCtl)

DRIVER_INITIALIZE                   DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD           UpEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD               UpEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      UpEvtDriverCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      UpEvtDeviceCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE     UpEvtPrepareHardware;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  UpEvtIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  UpCtlIoctl;

/* ctl.c */
NTSTATUS up_ctl_create(WDFDRIVER Driver);
VOID     up_ctl_delete(VOID);
