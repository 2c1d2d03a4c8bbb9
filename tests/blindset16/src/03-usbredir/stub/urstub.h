/*
 * urstub.h -- host-side upper filter that exports a physical USB device
 * to a remote urvhci instance.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef URSTUB_H
#define URSTUB_H

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <usbioctl.h>
#include "../common/urcommon.h"

#define UR_STUB_POOL_TAG 'tSrU'

#define IOCTL_URSTUB_EXPORT   CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_URSTUB_UNEXPORT CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_URSTUB_GET_URB  CTL_CODE(FILE_DEVICE_BUS_EXTENDER, 0x903, METHOD_OUT_DIRECT, FILE_READ_ACCESS)

typedef struct _STUB_DRIVER_CONTEXT {
    UR_SETTINGS Settings;
    LONG        DeviceCount;
} STUB_DRIVER_CONTEXT, *PSTUB_DRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(STUB_DRIVER_CONTEXT, StubGetDriverContext)

typedef struct _STUB_DEVICE_CONTEXT {
    WDFDEVICE   Device;
    WDFIOTARGET Target;
    WDFQUEUE    UrbQueue;       /* pending URBs waiting for the remote side */
    WDFQUEUE    ReaderQueue;    /* IOCTL_URSTUB_GET_URB requests             */
    LONG        Exported;
    LONG        PendingUrbs;
    ULONG       MaxPendingUrbs;
} STUB_DEVICE_CONTEXT, *PSTUB_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(STUB_DEVICE_CONTEXT, StubGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD StubEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP StubEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_INTERNAL_DEVICE_CONTROL StubEvtInternalDeviceControl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL StubEvtDeviceControl;

#endif /* URSTUB_H */
