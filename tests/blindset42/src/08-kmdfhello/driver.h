/*
 * driver.h - KmdfHello
 *
 * Started life as the VS "Kernel Mode Driver, Empty (KMDF)" hello world,
 * now a non-PnP driver with a control device and one queue.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "public.h"

#define HELLO_GREETING      "Hello from KMDF!\r\n"

typedef struct _CONTROL_DEVICE_CONTEXT {
    HELLO_STATS Stats;
    WDFQUEUE    DefaultQueue;
} CONTROL_DEVICE_CONTEXT, *PCONTROL_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_DEVICE_CONTEXT, ControlGetContext)

extern WDFDEVICE g_ControlDevice;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD HelloEvtDriverUnload;

NTSTATUS HelloCreateControlDevice(_In_ WDFDRIVER Driver);

/* queue.c */
NTSTATUS HelloQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HelloEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_READ HelloEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE HelloEvtIoWrite;
