// driver.h - tickdev: KMDF sample device, grown out of the VS KMDF template
#pragma once

#include <ntddk.h>
#include <wdf.h>

#include "public.h"
#include "trace.h"

#define TICK_DEFAULT_PERIOD_MS  250

typedef struct _DEVICE_CONTEXT {
    WDFTIMER        Timer;
    WDFQUEUE        WaitQueue;      // manual, IOCTL_TICK_WAIT parks here
    volatile LONG   Ticks;
    ULONG           PeriodMs;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace tick {

EVT_WDF_DRIVER_DEVICE_ADD       EvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP  EvtDriverContextCleanup;
EVT_WDF_DEVICE_D0_ENTRY         EvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT          EvtDeviceD0Exit;
EVT_WDF_TIMER                   EvtTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

NTSTATUS CreateDevice(_Inout_ PWDFDEVICE_INIT DeviceInit);
NTSTATUS QueueInitialize(_In_ WDFDEVICE Device);

} // namespace tick
