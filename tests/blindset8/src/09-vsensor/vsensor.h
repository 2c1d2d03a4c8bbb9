// vsensor.h - root-enumerated virtual temperature sensor (KMDF).
//
// The PnP device exposes readings to the sensor stack; a separate control
// device (\\.\VSensorCtl) lets the test harness inject values.
#pragma once

#include "wdfptr.h"
#include <wdmsec.h>

#define VS_TAG                  'rSsV'
#define VS_CONTROL_NAME         L"\\Device\\VSensorCtl"
#define VS_CONTROL_LINK         L"\\DosDevices\\VSensorCtl"
#define VS_SAMPLE_PERIOD_MS     1000

#define IOCTL_VS_INJECT_READING CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VS_GET_READING    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_VS_CLEAR_INJECTED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct VS_READING {
    LONG  MilliCelsius;
    ULONG Sequence;
};

struct VS_GLOBALS {
    WDFDEVICE   ControlDevice;     // may stay NULL: injection is optional
    WDFSPINLOCK ReadingLock;
    VS_READING  Current;
    BOOLEAN     Injected;
};

extern VS_GLOBALS g_Vs;

struct VS_DEVICE_CONTEXT {
    WDFTIMER    SampleTimer;
    ULONG       Ticks;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(VS_DEVICE_CONTEXT, VsGetDeviceContext)

extern "C" DRIVER_INITIALIZE DriverEntry;

EVT_WDF_DRIVER_DEVICE_ADD           VsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      VsEvtDeviceCleanup;
EVT_WDF_DEVICE_D0_ENTRY             VsEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT              VsEvtD0Exit;
EVT_WDF_TIMER                       VsEvtSampleTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  VsEvtSensorIoctl;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  VsEvtControlIoctl;

NTSTATUS VsCreateControlDevice(_In_ WDFDRIVER Driver, _Out_ WDFDEVICE* ControlDevice);
