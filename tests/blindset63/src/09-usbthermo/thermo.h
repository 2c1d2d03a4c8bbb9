//
// thermo.h - KMDF driver for a USB HID-less thermometer stick
//
// The stick streams an 8-byte sample on its interrupt IN endpoint every
// 250 ms: [0]=seq [1]=flags [2..3]=temp (1/16 C, LE) [4..7]=uptime ms.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

// {e26b3f18-7d0c-4a95-b2f4-1c9a86d3e07b}
DEFINE_GUID(GUID_DEVINTERFACE_USBTHERMO,
    0xe26b3f18, 0x7d0c, 0x4a95, 0xb2, 0xf4, 0x1c, 0x9a, 0x86, 0xd3, 0xe0, 0x7b);

#define THERMO_TAG              'mrhT'
#define THERMO_SAMPLE_SIZE      8

#define FILE_DEVICE_USBTHERMO   0x8F60
#define IOCTL_THERMO_GET_SAMPLE CTL_CODE(FILE_DEVICE_USBTHERMO, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_THERMO_WAIT_SAMPLE CTL_CODE(FILE_DEVICE_USBTHERMO, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _THERMO_SAMPLE {
    ULONG   Sequence;
    LONG    MilliCelsius;
    ULONG   DeviceUptimeMs;
} THERMO_SAMPLE, *PTHERMO_SAMPLE;

typedef struct _THERMO_CONTEXT {
    WDFUSBDEVICE    UsbDevice;
    WDFUSBPIPE      InterruptPipe;
    WDFQUEUE        WaitQueue;
    WDFSPINLOCK     SampleLock;
    THERMO_SAMPLE   Latest;
    BOOLEAN         HaveSample;
} THERMO_CONTEXT, *PTHERMO_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(THERMO_CONTEXT, ThermoGetContext)

namespace thermo {

struct Driver {
    static EVT_WDF_DRIVER_DEVICE_ADD        EvtDeviceAdd;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP   EvtDriverCleanup;
};

struct Device {
    static EVT_WDF_DEVICE_PREPARE_HARDWARE          EvtPrepareHardware;
    static EVT_WDF_DEVICE_D0_ENTRY                  EvtD0Entry;
    static EVT_WDF_DEVICE_D0_EXIT                   EvtD0Exit;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL       EvtIoDeviceControl;
    static EVT_WDF_USB_READER_COMPLETION_ROUTINE    EvtSampleReady;

    static NTSTATUS CreateQueues(_In_ WDFDEVICE Device, _In_ PTHERMO_CONTEXT Ctx);
};

} // namespace thermo

extern "C" DRIVER_INITIALIZE DriverEntry;
