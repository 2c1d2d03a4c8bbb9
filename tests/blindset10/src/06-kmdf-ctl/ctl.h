/*
 * ctl.h - "tickctl": non-PnP KMDF driver with one control device that
 * counts timer ticks and hands the count out through an ioctl.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>

#define CTL_POOL_TAG 'ltcT'

#define CTL_NT_NAME   L"\\Device\\TickCtl"
#define CTL_DOS_NAME  L"\\DosDevices\\TickCtl"

#define IOCTL_TICK_GET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICK_RESET CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define TICK_PERIOD_MS 250

typedef struct _CTL_CONTEXT {
    WDFTIMER      Timer;
    volatile LONG Ticks;
    volatile LONG Opens;
} CTL_CONTEXT, *PCTL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(CTL_CONTEXT, CtlGetContext)

extern WDFDEVICE g_ControlDevice;

NTSTATUS CtlCreateControlDevice(_In_ WDFDRIVER Driver);

EVT_WDF_DRIVER_UNLOAD        CtlEvtDriverUnload;
EVT_WDF_DEVICE_FILE_CREATE   CtlEvtFileCreate;
EVT_WDF_FILE_CLOSE           CtlEvtFileClose;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL CtlEvtIoDeviceControl;
EVT_WDF_TIMER                CtlEvtTimer;
