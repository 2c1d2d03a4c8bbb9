#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

// {C8E41F07-3A92-4B5D-86E0-1F7B2D9C4A35}
DEFINE_GUID(GUID_DEVINTERFACE_CYCLEPAD,
    0xc8e41f07, 0x3a92, 0x4b5d, 0x86, 0xe0, 0x1f, 0x7b, 0x2d, 0x9c, 0x4a, 0x35);

#define CP_POOL_TAG         'dPcC'
#define CP_REPORT_LEN       6

/*
 * Report (6 bytes): u16 crank revolutions, u16 last crank event time
 * (1/1024 s), u8 buttons, u8 battery %.
 */
typedef struct _CP_READING {
    ULONG   CrankRevs;
    USHORT  LastEventTime;
    UCHAR   Buttons;
    UCHAR   Battery;
} CP_READING, *PCP_READING;

typedef struct _CP_DEVICE_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBPIPE      InterruptIn;
    WDFQUEUE        PendingReads;
    WDFSPINLOCK     ReadingLock;
    CP_READING      Reading;
    USHORT          LastRawRevs;
    BOOLEAN         HaveFirst;
} CP_DEVICE_CONTEXT, *PCP_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CP_DEVICE_CONTEXT, CpGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP CpEvtDriverCleanup;
EVT_WDF_DRIVER_DEVICE_ADD CpEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE CpEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY CpEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT CpEvtD0Exit;
EVT_WDF_USB_READER_COMPLETION_ROUTINE CpEvtReaderComplete;
EVT_WDF_USB_READERS_FAILED CpEvtReadersFailed;
EVT_WDF_IO_QUEUE_IO_READ CpEvtIoRead;

NTSTATUS CpCreateQueues(_In_ WDFDEVICE Device, _In_ PCP_DEVICE_CONTEXT Ctx);
