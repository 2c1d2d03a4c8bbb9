/*
 * ledtoy.h - "LED toy", my first KMDF driver
 *
 * There is no real hardware. The driver keeps a fake 8-LED bar in memory,
 * the user app (ledctl.exe) sets a blink pattern and reads back the state.
 * It's just for learning KMDF queues / timers / control devices.
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define LEDTOY_NT_NAME      L"\\Device\\LedToy"
#define LEDTOY_DOS_NAME     L"\\DosDevices\\LedToy"

#define FILE_DEVICE_LEDTOY  0x9A00

#define IOCTL_LEDTOY_SET_PATTERN \
    CTL_CODE(FILE_DEVICE_LEDTOY, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LEDTOY_GET_STATE \
    CTL_CODE(FILE_DEVICE_LEDTOY, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LEDTOY_STOP \
    CTL_CODE(FILE_DEVICE_LEDTOY, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define LEDTOY_MIN_PERIOD_MS    50
#define LEDTOY_MAX_PERIOD_MS    5000

typedef struct _LEDTOY_PATTERN {
    UCHAR   Mask;           /* which leds blink */
    UCHAR   Mode;           /* 0 = blink, 1 = knight rider, 2 = count */
    USHORT  Reserved;
    ULONG   PeriodMs;
} LEDTOY_PATTERN, *PLEDTOY_PATTERN;

typedef struct _LEDTOY_STATE {
    UCHAR   Leds;
    UCHAR   Mode;
    USHORT  Running;
    ULONG   Ticks;
} LEDTOY_STATE, *PLEDTOY_STATE;

typedef struct _LED_DEVICE_CONTEXT {
    WDFTIMER        Timer;
    WDFSPINLOCK     Lock;
    LEDTOY_PATTERN  Pattern;
    UCHAR           Leds;
    UCHAR           Position;
    BOOLEAN         GoingLeft;
    BOOLEAN         Running;
    ULONG           Ticks;
} LED_DEVICE_CONTEXT, *PLED_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(LED_DEVICE_CONTEXT, LedGetContext)

extern WDFDEVICE g_ControlDevice;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD LedEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL LedEvtIoDeviceControl;
EVT_WDF_TIMER LedEvtTimer;

NTSTATUS LedCreateControlDevice(_In_ WDFDRIVER Driver);
