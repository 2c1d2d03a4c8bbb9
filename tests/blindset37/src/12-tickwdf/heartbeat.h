#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>
#include "trace.h"

#define HB_NT_NAME      L"\\Device\\Heartbeat"
#define HB_DOS_NAME     L"\\DosDevices\\Heartbeat"
#define HB_PERIOD_MS    1000
#define HB_POOL_TAG     'tBeH'

#define IOCTL_HB_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HB_RESET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _HB_QUERY_OUT {
    ULONG64 Beats;
    ULONG   PeriodMs;
    ULONG   Reserved;
} HB_QUERY_OUT, *PHB_QUERY_OUT;

typedef struct _HB_DEVICE_CONTEXT {
    WDFTIMER        Timer;
    WDFSPINLOCK     Lock;       // protects Beats
    ULONG           PeriodMs;
    ULONG64         Beats;
} HB_DEVICE_CONTEXT, *PHB_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HB_DEVICE_CONTEXT, HbGetContext)

typedef struct _HB_GLOBALS {
    WDFDEVICE ControlDevice;
} HB_GLOBALS;

extern HB_GLOBALS g_Hb;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD HbEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HbEvtIoDeviceControl;
EVT_WDF_TIMER HbEvtTimer;

NTSTATUS HbCreateControlDevice(_In_ WDFDRIVER Driver);
