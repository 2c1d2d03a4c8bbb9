/*
 * usbser.h - UsbSerKm, KMDF function driver for a vendor-specific
 * USB-to-RS485 bridge (one bulk IN, one bulk OUT pipe).
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include "trace.h"

#define US_TAG                  'rSsU'
#define US_TRANSFER_BUFFER_SIZE 4096
#define US_MAX_DEVICES          16

/* {c7d2a5e1-8b4f-4f0a-9d36-5e1b7a0c4f92} */
DEFINE_GUID(GUID_DEVINTERFACE_USBSERKM,
    0xc7d2a5e1, 0x8b4f, 0x4f0a, 0x9d, 0x36, 0x5e, 0x1b, 0x7a, 0x0c, 0x4f, 0x92);

typedef struct _US_DRIVER_CONTEXT {
    WDFLOOKASIDE    TransferLookaside;  /* staging buffers for OUT transfers */
    WDFWAITLOCK     DeviceListLock;
    WDFCOLLECTION   Devices;
    ULONG           WriteTimeoutMs;
} US_DRIVER_CONTEXT, *PUS_DRIVER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(US_DRIVER_CONTEXT, UsGetDriverContext)

typedef struct _US_DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBINTERFACE UsbInterface;
    WDFUSBPIPE      BulkIn;
    WDFUSBPIPE      BulkOut;
    ULONG           BytesWritten;
    ULONG           BytesRead;
} US_DEVICE_CONTEXT, *PUS_DEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(US_DEVICE_CONTEXT, UsGetDeviceContext)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsEvtDriverContextCleanup;
NTSTATUS UsInitializeDriverContext(_In_ WDFDRIVER Driver);

/* device.c */
EVT_WDF_DRIVER_DEVICE_ADD UsEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE UsEvtDevicePrepareHardware;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UsEvtDeviceCleanup;

/* queue.c */
NTSTATUS UsQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_READ UsEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE UsEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_STOP UsEvtIoStop;
