/*
 * vhfpad.h - virtual gamepad (HID source driver on top of VHF)
 *
 * A user-mode "feeder" (phone bridge, serial stick, ...) pushes the pad state
 * with IOCTL_VHFPAD_SET_STATE, a periodic timer turns that into input reports.
 *
 * INF: LowerFilters = vhf
 */
#ifndef VHFPAD_H
#define VHFPAD_H

#include <ntddk.h>
#include <wdf.h>
#include <hidport.h>
#include <vhf.h>
#include <initguid.h>

// {a83d52f0-1c6e-4b97-9e0d-71f4c2b8a5d3}
DEFINE_GUID(GUID_DEVINTERFACE_VHFPAD,
    0xa83d52f0, 0x1c6e, 0x4b97, 0x9e, 0x0d, 0x71, 0xf4, 0xc2, 0xb8, 0xa5, 0xd3);

#define VHFPAD_TAG              'dPhV'
#define VHFPAD_VID              0x1209
#define VHFPAD_PID              0x5AD0
#define VHFPAD_REPORT_PERIOD_MS 8

#define FILE_DEVICE_VHFPAD      0x8F31
#define IOCTL_VHFPAD_SET_STATE  CTL_CODE(FILE_DEVICE_VHFPAD, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define PAD_TRACE(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "vhfpad: " __VA_ARGS__)
#define PAD_ERROR(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vhfpad: " __VA_ARGS__)

#include <pshpack1.h>
typedef struct _PAD_STATE {
    USHORT  Buttons;
    UCHAR   X;
    UCHAR   Y;
    UCHAR   Rx;
    UCHAR   Ry;
} PAD_STATE, *PPAD_STATE;

typedef struct _PAD_INPUT_REPORT {
    UCHAR       ReportId;
    PAD_STATE   State;
} PAD_INPUT_REPORT, *PPAD_INPUT_REPORT;
#include <poppack.h>

typedef struct _PAD_CONTEXT {
    WDFDEVICE           Device;
    VHFHANDLE           VhfHandle;
    WDFTIMER            ReportTimer;
    WDFSPINLOCK         StateLock;
    PAD_STATE           State;
    PAD_INPUT_REPORT    Report;
    ULONG               ReportsSent;
} PAD_CONTEXT, *PPAD_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(PAD_CONTEXT, PadGetContext)

extern const UCHAR  g_PadReportDescriptor[];
extern const USHORT g_PadReportDescriptorSize;

DRIVER_INITIALIZE                           DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD                   PadEvtDeviceAdd;
EVT_WDF_DEVICE_SELF_MANAGED_IO_INIT         PadEvtSelfManagedIoInit;
EVT_WDF_DEVICE_SELF_MANAGED_IO_CLEANUP      PadEvtSelfManagedIoCleanup;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL          PadEvtIoDeviceControl;
EVT_WDF_TIMER                               PadEvtReportTimer;

#endif
