/*++

Module Name:

    heartbeat.h

Abstract:

    Heartbeat: a periodic kernel timer whose DPC wakes a worker thread that
    logs an ETW event with the current pool usage.  Used by the fleet
    monitoring agent to detect hung machines.

--*/
#pragma once

#include <ntddk.h>
#include <evntrace.h>
#include <evntprov.h>

#define HB_TAG              'taeH'
#define HB_DEFAULT_PERIOD   5000        // ms

// {0F3E6D2A-8B41-4C6F-A7D5-1E9C2B8F4A60}
static const GUID HbProviderGuid =
    { 0x0f3e6d2a, 0x8b41, 0x4c6f, { 0xa7, 0xd5, 0x1e, 0x9c, 0x2b, 0x8f, 0x4a, 0x60 } };

static const EVENT_DESCRIPTOR HbEventBeat =
    { 1, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0x1 };
static const EVENT_DESCRIPTOR HbEventStart =
    { 2, 0, 0, TRACE_LEVEL_INFORMATION, 0, 0, 0x1 };

typedef struct _HB_GLOBALS {
    REGHANDLE   EtwHandle;
    KTIMER      Timer;
    KDPC        Dpc;
    KEVENT      BeatEvent;          // set by the DPC
    KEVENT      StopEvent;          // set by Unload / failure path
    PETHREAD    Worker;
    ULONG       PeriodMs;
    volatile LONG BeatCount;
} HB_GLOBALS;

DRIVER_INITIALIZE     DriverEntry;
DRIVER_UNLOAD         HbUnload;
KDEFERRED_ROUTINE     HbTimerDpc;
KSTART_ROUTINE        HbWorker;
