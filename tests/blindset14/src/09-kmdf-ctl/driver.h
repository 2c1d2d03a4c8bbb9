/* driver.h - HelloKmdf, the KMDF hello world that grew a control device */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>      /* SDDL_DEVOBJ_... strings */
#include "public.h"

#define HELLO_TAG           'lleH'
#define HELLO_DEVICE_NAME   L"\\Device\\HelloKmdf"
#define HELLO_LINK_NAME     L"\\DosDevices\\HelloKmdf"

typedef struct _DRIVER_CONTEXT {
    WDFDEVICE ControlDevice;
} DRIVER_CONTEXT, *PDRIVER_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DRIVER_CONTEXT, GetDriverContext)

typedef struct _DEVICE_CONTEXT {
    HELLO_STATS Stats;
    UCHAR       Message[HELLO_MAX_MESSAGE];
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, GetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD HelloEvtDriverUnload;

/* device.c */
NTSTATUS HelloCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_DEVICE_FILE_CREATE HelloEvtFileCreate;
EVT_WDF_FILE_CLOSE HelloEvtFileClose;

/* queue.c */
NTSTATUS HelloQueueInitialize(_In_ WDFDEVICE Device);
EVT_WDF_IO_QUEUE_IO_READ HelloEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE HelloEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HelloEvtIoDeviceControl;
