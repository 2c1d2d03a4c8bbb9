#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

#define THERMO_POOL_TAG         'mrhT'
#define THERMO_SAMPLE_BYTES     8
#define THERMO_HISTORY          32

// {E2A1B6C4-7F0D-4C55-9B8E-2D61A9C0F3B7}
DEFINE_GUID(GUID_DEVINTERFACE_USBTHERMO,
    0xe2a1b6c4, 0x7f0d, 0x4c55, 0x9b, 0x8e, 0x2d, 0x61, 0xa9, 0xc0, 0xf3, 0xb7);

#define IOCTL_THERMO_GET_LAST   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_THERMO_GET_HIST   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _THERMO_SAMPLE {
    LONG    MilliCelsius;
    USHORT  Humidity;
    USHORT  Flags;
} THERMO_SAMPLE, *PTHERMO_SAMPLE;

typedef struct _DEVICE_CONTEXT {
    WDFUSBDEVICE        UsbDevice;
    WDFUSBINTERFACE     UsbInterface;
    WDFUSBPIPE          InterruptPipe;
    WDFSPINLOCK         SampleLock;
    THERMO_SAMPLE       Last;
    THERMO_SAMPLE       History[THERMO_HISTORY];
    ULONG               HistoryHead;
    ULONG               SampleCount;
    BOOLEAN             ReaderConfigured;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ThermoEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP ThermoEvtDriverContextCleanup;

EVT_WDF_DEVICE_PREPARE_HARDWARE ThermoEvtPrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY ThermoEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT ThermoEvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL ThermoEvtIoDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE ThermoEvtReadComplete;
EVT_WDF_USB_READERS_FAILED ThermoEvtReadersFailed;

NTSTATUS ThermoConfigureReader(_In_ PDEVICE_CONTEXT Ctx);
