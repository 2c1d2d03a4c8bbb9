/*++
    sensor.h - virtual temperature sensor (KMDF, PnP, root-enumerated)

    Install: devcon install vsensor.inf Root\VSensor
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>

#define SENS_TAG            'sneS'
#define SENS_MAX_QUEUED     64
#define SENS_PERIOD_MS      500

// {2B4F7C1D-8E63-4A15-B0C9-5D7E3F21A864}
DEFINE_GUID(GUID_DEVINTERFACE_VSENSOR,
    0x2b4f7c1d, 0x8e63, 0x4a15, 0xb0, 0xc9, 0x5d, 0x7e, 0x3f, 0x21, 0xa8, 0x64);

#define IOCTL_VSENSOR_READ_SAMPLE \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _SENS_SAMPLE {
    LIST_ENTRY Link;
    ULONGLONG  Timestamp;
    LONG       MilliCelsius;
} SENS_SAMPLE, *PSENS_SAMPLE;

typedef struct _SENS_SAMPLE_OUT {
    ULONGLONG Timestamp;
    LONG      MilliCelsius;
} SENS_SAMPLE_OUT, *PSENS_SAMPLE_OUT;

typedef struct _SENS_DEVICE_CONTEXT {
    WDFTIMER    Timer;
    WDFSPINLOCK Lock;
    LIST_ENTRY  Samples;
    ULONG       Queued;
    LONG        Drift;
} SENS_DEVICE_CONTEXT, *PSENS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(SENS_DEVICE_CONTEXT, SensGetContext)

extern LOOKASIDE_LIST_EX g_SampleLookaside;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SensEvtDriverContextCleanup;
EVT_WDF_DRIVER_DEVICE_ADD SensEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP SensEvtDeviceContextCleanup;
EVT_WDF_DEVICE_D0_ENTRY SensEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT SensEvtDeviceD0Exit;
EVT_WDF_TIMER SensEvtTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SensEvtIoDeviceControl;
