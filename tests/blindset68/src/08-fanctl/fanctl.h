#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

// {9E27C4B1-5D30-4A8F-B612-F03E7D48A9C5}
DEFINE_GUID(GUID_DEVINTERFACE_FANCTL,
    0x9e27c4b1, 0x5d30, 0x4a8f, 0xb6, 0x12, 0xf0, 0x3e, 0x7d, 0x48, 0xa9, 0xc5);

#define FAN_CHANNELS            4
#define FAN_POLL_MS             1000

/* vendor requests understood by the controller firmware */
#define FAN_REQ_GET_TACH        0x01
#define FAN_REQ_SET_DUTY        0x02
#define FAN_REQ_GET_TEMP        0x03

#define IOCTL_FAN_GET_STATUS    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x850, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_FAN_SET_DUTY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x851, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _FAN_STATUS {
    USHORT Rpm[FAN_CHANNELS];
    UCHAR  Duty[FAN_CHANNELS];
    SHORT  TempDeciC;
} FAN_STATUS, *PFAN_STATUS;

typedef struct _FAN_SET_DUTY {
    UCHAR Channel;
    UCHAR Percent;
} FAN_SET_DUTY, *PFAN_SET_DUTY;

typedef struct _FAN_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFTIMER        PollTimer;
    WDFWORKITEM     PollWork;
    WDFWAITLOCK     StatusLock;
    FAN_STATUS      Status;
    BOOLEAN         Polling;
} FAN_CONTEXT, *PFAN_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(FAN_CONTEXT, FanGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD FanEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD FanEvtDriverUnload;
EVT_WDF_DEVICE_PREPARE_HARDWARE FanEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY FanEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT FanEvtD0Exit;
EVT_WDF_TIMER FanEvtPollTimer;
EVT_WDF_WORKITEM FanEvtPollWork;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL FanEvtIoDeviceControl;

BOOLEAN FanCreateQueues(_In_ WDFDEVICE Device);
NTSTATUS FanVendorRequest(_In_ PFAN_CONTEXT Ctx, _In_ BOOLEAN In, _In_ UCHAR Request,
                          _In_ USHORT Value, _Inout_updates_bytes_(Length) PVOID Buffer,
                          _In_ ULONG Length);
