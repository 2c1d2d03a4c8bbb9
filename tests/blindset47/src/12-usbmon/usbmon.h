/*
 * usbmon - passes a HID-less USB sensor's interrupt-IN stream up to the
 * cross-platform collector (libusb on Linux/macOS, this driver on Windows).
 * Every report is also emitted as a TraceLogging event.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <TraceLoggingProvider.h>
#include <evntrace.h>

TRACELOGGING_DECLARE_PROVIDER(UmProvider);

#define UM_TAG              'noMU'
#define UM_REPORT_MAX       64

#define IOCTL_USBMON_READ_REPORT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _UM_DEVICE {
    WDFUSBDEVICE    Usb;
    WDFUSBPIPE      InPipe;
    WDFQUEUE        PendingReads;       /* manual: IOCTL_USBMON_READ_REPORT */
    ULONG           Reports;
} UM_DEVICE, *PUM_DEVICE;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UM_DEVICE, UmGetDevice)

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   UmEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD                       UmEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              UmEvtDriverCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP              UmEvtDeviceCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE             UmEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY                     UmEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT                      UmEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL          UmEvtIoctl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE       UmEvtReadComplete;
EVT_WDF_USB_READERS_FAILED                  UmEvtReadersFailed;
