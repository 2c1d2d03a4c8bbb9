//
// ticker - non-PnP KMDF experiment: a control device plus a worker thread
// that bumps a heartbeat counter once per period. Used it to learn how the
// framework handles non-PnP drivers (WdfDriverInitNonPnpDriver).
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define TK_TAG              'kciT'
#define TK_DEVICE_NAME      L"\\Device\\KmdfTicker"
#define TK_LINK_NAME        L"\\DosDevices\\KmdfTicker"
#define TK_PERIOD_MS        1000

#define IOCTL_TK_GET_TICKS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TK_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _TK_TICK_INFO {
    LONGLONG      Ticks;
    LARGE_INTEGER LastTick;
    ULONG         PeriodMs;
} TK_TICK_INFO, *PTK_TICK_INFO;

typedef struct _TK_GLOBALS {
    WDFDEVICE         ControlDevice;
    HANDLE            ThreadHandle;
    KEVENT            StopEvent;
    volatile LONGLONG Ticks;
    LARGE_INTEGER     LastTick;
} TK_GLOBALS;

extern TK_GLOBALS g_Tk;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD TkEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TkEvtIoDeviceControl;

/* control.c */
NTSTATUS TkCreateControlDevice(_In_ WDFDRIVER Driver);

/* heartbeat.c */
NTSTATUS TkStartHeartbeat(VOID);
VOID     TkStopHeartbeat(VOID);
