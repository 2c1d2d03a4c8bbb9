/*++
Module Name:
    regtrack.h

Abstract:
    regtrack - KMDF non-PnP driver that counts registry, process and thread
    activity (optionally for one process only) and exposes the counters
    through a control device, \\.\RegTrack.
--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define RT_TAG              'krTR'
#define RT_NT_NAME          L"\\Device\\RegTrack"
#define RT_DOS_NAME         L"\\DosDevices\\RegTrack"
#define RT_ALTITUDE         L"360124"

#define RT_DEVICE_TYPE          0x8E20
#define IOCTL_RT_GET_COUNTERS   CTL_CODE(RT_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RT_SET_PID_FILTER CTL_CODE(RT_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regtrack: " fmt "\n", ##__VA_ARGS__)

typedef struct _RT_COUNTERS {
    LONG64 RegSetValue;
    LONG64 RegCreateKey;
    LONG64 RegDeleteKey;
    LONG64 ProcessCreates;
    LONG64 ProcessExits;
    LONG64 ThreadCreates;
    LONG64 ThreadExits;
} RT_COUNTERS, *PRT_COUNTERS;

typedef struct _RT_GLOBALS {
    WDFDEVICE     ControlDevice;
    LARGE_INTEGER RegCookie;
    volatile LONG PidFilter;        /* 0 = all processes */
    RT_COUNTERS   Counters;
} RT_GLOBALS, *PRT_GLOBALS;

extern RT_GLOBALS g_Rt;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD RtEvtDriverUnload;

/* control.c */
NTSTATUS RtControlDeviceCreate(_In_ WDFDRIVER Driver);
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RtEvtIoDeviceControl;

/* callbacks.c */
NTSTATUS RtRegisterAll(_In_ PDRIVER_OBJECT DriverObject);
VOID     RtUnregisterAll(VOID);
