/*++
    usbthermo.h - UT-100 four channel USB thermocouple adapter
    (VID_1FC9&PID_80A4), KMDF function driver.  (c) Tempora Instruments.
--*/

#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <usb.h>
#include <usbdlib.h>
#include <wdfusb.h>
#include <initguid.h>

#include "trace.h"

EXTERN_C_START

// {8E3B41D0-2C6F-4B8A-A1D9-55F0C7E2A913}
DEFINE_GUID(GUID_DEVINTERFACE_USBTHERMO,
    0x8e3b41d0, 0x2c6f, 0x4b8a, 0xa1, 0xd9, 0x55, 0xf0, 0xc7, 0xe2, 0xa9, 0x13);

#define UT_POOL_TAG                 'omTU'
#define UT_CHANNEL_COUNT            4
#define UT_CAL_POINTS               64
#define UT_CAL_TABLE_BYTES          (UT_CHANNEL_COUNT * UT_CAL_POINTS * sizeof(LONG))
#define UT_DEFAULT_POLL_MS          250
#define UT_SAMPLE_PACKET_BYTES      16

#define IOCTL_UT_GET_SAMPLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

#define UT_DRIVER_VERSION           0x00010403

#pragma pack(push, 1)
typedef struct _UT_SAMPLE_PACKET {
    UCHAR   bSequence;
    UCHAR   bStatus;
    USHORT  wColdJunction;
    SHORT   asRaw[UT_CHANNEL_COUNT];
    UCHAR   abReserved[4];
} UT_SAMPLE_PACKET, *PUT_SAMPLE_PACKET;
#pragma pack(pop)

C_ASSERT(sizeof(UT_SAMPLE_PACKET) == UT_SAMPLE_PACKET_BYTES);

typedef struct _UT_SAMPLE {
    ULONG   ulSequence;
    LONG    alMilliCelsius[UT_CHANNEL_COUNT];
} UT_SAMPLE, *PUT_SAMPLE;

// Driver wide state.  One instance, lives in driver.c.
typedef struct _UT_GLOBALS {
    PLONG       plCalTable;         // UT_CHANNEL_COUNT x UT_CAL_POINTS
    ULONG       ulPollMs;
    ULONG       ulDeviceCount;
} UT_GLOBALS, *PUT_GLOBALS;

extern UT_GLOBALS g_UtGlobals;

typedef struct _UT_DEVICE_CONTEXT {
    WDFDEVICE           hDevice;
    WDFUSBDEVICE        hUsbDevice;
    WDFUSBINTERFACE     hUsbInterface;
    WDFUSBPIPE          hInterruptPipe;
    WDFSPINLOCK         hSampleLock;
    UT_SAMPLE           stLastSample;
    ULONG               ulReaderErrors;
} UT_DEVICE_CONTEXT, *PUT_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(UT_DEVICE_CONTEXT, UtGetDeviceContext)

#define UT_CHECK_STATUS(_st, _what)                                         \
    if (!NT_SUCCESS(_st)) {                                                 \
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,                        \
                    "%s failed %!STATUS!", _what, _st);                     \
        goto Exit;                                                          \
    }

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD UtEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD UtEvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP UtEvtDriverContextCleanup;
EVT_WDF_DEVICE_PREPARE_HARDWARE UtEvtDevicePrepareHardware;
EVT_WDF_DEVICE_D0_ENTRY UtEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT UtEvtDeviceD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL UtEvtIoDeviceControl;
EVT_WDF_USB_READER_COMPLETION_ROUTINE UtEvtReadComplete;
EVT_WDF_USB_READERS_FAILED UtEvtReadersFailed;

VOID
UtLoadDefaultCalibration(
    _Out_writes_(UT_CHANNEL_COUNT * UT_CAL_POINTS) PLONG plTable
    );

EXTERN_C_END
