#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define TICK_TAG            'kciT'
#define TICK_NT_NAME        L"\\Device\\TickCtl"
#define TICK_DOS_NAME       L"\\DosDevices\\TickCtl"
#define TICK_PERIOD_MS      250

#define IOCTL_TICK_GET_COUNT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_RESET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

//
// WPP-style tracing. The real WPP build includes the generated .tmh files;
// for quick test-signed builds we fall back to DbgPrintEx with the same macro.
//
#define TRACE_FLAG_DRIVER   0x1
#define TRACE_FLAG_DEVICE   0x2
#define TRACE_FLAG_TIMER    0x4

#define TL_ERROR    1
#define TL_WARNING  2
#define TL_INFO     3
#define TL_VERBOSE  4

#ifndef TICK_WPP
#define TraceEvents(level, flag, fmt, ...)                                      \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID,                                             \
               ((level) <= TL_WARNING) ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL,\
               "TickCtl[%x]: " fmt "\n", (flag), __VA_ARGS__)
#endif

typedef struct _TICK_CONTEXT {
    WDFTIMER        Timer;
    volatile LONG64 Ticks;
    LARGE_INTEGER   StartTime;
} TICK_CONTEXT, *PTICK_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TICK_CONTEXT, TickGetContext)

extern WDFDEVICE g_ControlDevice;

// driver.c
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD TickEvtDriverUnload;

// control.c
NTSTATUS TickCreateControlDevice(_In_ WDFDRIVER Driver);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TickEvtIoDeviceControl;
EVT_WDF_TIMER TickEvtTimer;
