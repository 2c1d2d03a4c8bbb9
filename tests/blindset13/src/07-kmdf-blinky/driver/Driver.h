/*
 * Driver.h - shared declarations for the Blinky KMDF sample.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <initguid.h>
#include "Trace.h"

// {8D1E6F3B-2A47-4D0F-A7C5-0B9F3E6C1D24}
DEFINE_GUID(GUID_DEVINTERFACE_BLINKY,
    0x8d1e6f3b, 0x2a47, 0x4d0f, 0xa7, 0xc5, 0x0b, 0x9f, 0x3e, 0x6c, 0x1d, 0x24);

#define IOCTL_BLINKY_GET_TICKS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_BLINKY_SET_PERIOD CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define BLINKY_DEFAULT_PERIOD_MS 500
#define BLINKY_MIN_PERIOD_MS     50

typedef struct _BLINKY_SETTINGS {
    ULONG PeriodMs;
    ULONG Verbose;
} BLINKY_SETTINGS;

extern BLINKY_SETTINGS g_Settings;

typedef struct _DEVICE_CONTEXT {
    WDFTIMER    Timer;
    WDFWORKITEM WorkItem;
    LONG        WorkQueued;      // 1 while the work item is in flight
    ULONG       PeriodMs;
    ULONG64     Ticks;           // timer expirations seen
    ULONG64     Blinks;          // work item runs (the "LED toggles")
    BOOLEAN     LedOn;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

typedef struct _TIMER_CONTEXT {
    WDFDEVICE Device;
} TIMER_CONTEXT, *PTIMER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TIMER_CONTEXT, TimerGetContext)

EXTERN_C_START

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD BlinkyEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP BlinkyEvtDriverContextCleanup;

NTSTATUS BlinkyCreateDevice(_Inout_ PWDFDEVICE_INIT DeviceInit);
NTSTATUS BlinkyQueueInitialize(_In_ WDFDEVICE Device);

EVT_WDF_DEVICE_D0_ENTRY BlinkyEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT BlinkyEvtDeviceD0Exit;
EVT_WDF_TIMER BlinkyEvtTimer;
EVT_WDF_WORKITEM BlinkyEvtWorkItem;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL BlinkyEvtIoDeviceControl;

EXTERN_C_END
