/*
 * driver.h - KmdfEcho, my first KMDF driver
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "public.h"

#define ECHO_NT_DEVICE_NAME   L"\\Device\\KmdfEcho"
#define ECHO_DOS_DEVICE_NAME  L"\\DosDevices\\KmdfEcho"
#define ECHO_BUFFER_SIZE      (16 * 1024)
#define ECHO_TAG              'ohcE'

#define ECHO_PRINT(_x_)       DbgPrint _x_

typedef struct _CONTROL_DEVICE_EXTENSION {
    WDFSPINLOCK   Lock;
    PUCHAR        Buffer;          // ECHO_BUFFER_SIZE, allocated in DriverEntry
    ULONG         Length;
    PKEVENT       UserEvent;       // from IOCTL_ECHO_REGISTER_EVENT, referenced
    WDFFILEOBJECT EventOwner;
    ECHO_STATS    Stats;
} CONTROL_DEVICE_EXTENSION, *PCONTROL_DEVICE_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CONTROL_DEVICE_EXTENSION, ControlGetData)

extern WDFDEVICE g_ControlDevice;
extern PUCHAR    g_EchoBuffer;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;

// device.c
NTSTATUS EchoCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_FILE_CLEANUP EchoEvtFileCleanup;

// queue.c
EVT_WDF_IO_IN_CALLER_CONTEXT        EchoEvtIoInCallerContext;
EVT_WDF_IO_QUEUE_IO_READ            EchoEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE           EchoEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  EchoEvtIoDeviceControl;
