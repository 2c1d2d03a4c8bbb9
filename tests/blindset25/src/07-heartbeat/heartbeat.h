/*
 * heartbeat.h
 *
 * Watchdog experiment for my anti-cheat side project: a periodic timer DPC
 * kicks a worker thread once per second; the worker records the "beat" and
 * user mode can ask how long ago the last one was. If the machine is
 * suspended (debugger, VM pause, sleep) the gap shows up.
 *
 * Also listens to \Callback\PowerState so a real sleep is not reported as
 * tampering, and logs the last beat on shutdown.
 */
#pragma once

#include <ntddk.h>

#define HB_DEVICE_NAME   L"\\Device\\Heartbeat"
#define HB_LINK_NAME     L"\\??\\Heartbeat"
#define HB_PERIOD_MS     1000
#define HB_LOG_EVERY     60

#define IOCTL_HB_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

#define HBLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "heartbeat: " fmt "\n", __VA_ARGS__)

typedef struct _HB_QUERY_OUTPUT {
    LONG          Beats;
    LONG          Ticks;
    LONG          SleepTransitions;
    LONG          Sleeping;
    LARGE_INTEGER LastBeat;
    LARGE_INTEGER Now;
} HB_QUERY_OUTPUT, *PHB_QUERY_OUTPUT;

typedef struct _HB_GLOBALS {
    PDEVICE_OBJECT   Device;
    BOOLEAN          LinkCreated;
    BOOLEAN          ShutdownRegistered;

    PCALLBACK_OBJECT PowerCallbackObject;
    PVOID            PowerCallbackHandle;

    HANDLE           ThreadHandle;
    KEVENT           StopEvent;     /* notification: tells the worker to exit */
    KEVENT           TickEvent;     /* synchronization: set by the DPC        */

    KTIMER           Timer;
    KDPC             Dpc;

    volatile LONG    Ticks;
    volatile LONG    Beats;
    volatile LONG    Sleeping;
    volatile LONG    SleepTransitions;
    LARGE_INTEGER    LastBeat;
} HB_GLOBALS;
