#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KS_TAG              'snSK'
#define KS_NT_NAME          L"\\Device\\KmdfSensor"
#define KS_DOS_NAME         L"\\DosDevices\\KmdfSensor"
#define KS_ALTITUDE         L"371337"
#define KS_SERVICE_SUFFIX   L"\\Services\\KmdfSensor"

#define IOCTL_KS_GET_COUNTERS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_KS_SET_VERBOSE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)

/* WPP-ish shim so the code reads the same with or without tracing */
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_INFO        4
#define TRACE_DRIVER            0x1
#define TRACE_SENSOR            0x2
#define TraceEvents(lvl, flag, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl) <= TRACE_LEVEL_ERROR ? DPFLTR_ERROR_LEVEL : DPFLTR_INFO_LEVEL, \
               "kmdfsensor[%x]: " fmt "\n", (flag), __VA_ARGS__)

typedef struct _KS_COUNTERS {
    LONG ProcessStarts;
    LONG ProcessExits;
    LONG RegistryBlocked;
} KS_COUNTERS, *PKS_COUNTERS;

typedef struct _KS_DEVICE_CONTEXT {
    ULONG OpenCount;
} KS_DEVICE_CONTEXT, *PKS_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KS_DEVICE_CONTEXT, KsGetDeviceContext)

typedef struct _KS_GLOBALS {
    WDFDEVICE       ControlDevice;
    LARGE_INTEGER   CmCookie;
    BOOLEAN         CmRegistered;
    BOOLEAN         ProcRegistered;
    ULONG           Verbose;
    ULONG           BlockRegistryTamper;
    KS_COUNTERS     Counters;
} KS_GLOBALS;

extern KS_GLOBALS g_Ks;

/* device.c */
NTSTATUS KsCreateControlDevice(_In_ WDFDRIVER Driver);
VOID     KsDeleteControlDevice(VOID);

/* sensor.c */
NTSTATUS KsSensorStart(_In_ PDRIVER_OBJECT DriverObject);
VOID     KsSensorStop(VOID);
