#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "trace.h"

#define AC_NT_DEVICE_NAME   L"\\Device\\AcGuard"
#define AC_DOS_DEVICE_NAME  L"\\DosDevices\\AcGuard"

#define AC_DEVICE_TYPE          0x9c40
#define IOCTL_AC_SET_GAME_PID   CTL_CODE(AC_DEVICE_TYPE, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AC_GET_REPORT     CTL_CODE(AC_DEVICE_TYPE, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define AC_MAX_VIOLATIONS   64

typedef struct _AC_VIOLATION {
    ULONG   CreatorPid;
    ULONG   ThreadId;
    LARGE_INTEGER Time;
} AC_VIOLATION, *PAC_VIOLATION;

typedef struct _AC_REPORT {
    ULONG        GamePid;
    ULONG        Count;
    AC_VIOLATION Items[AC_MAX_VIOLATIONS];
} AC_REPORT, *PAC_REPORT;

//
// Global guard state. Lives outside the device context because the thread
// notify routine is not tied to any WDF object lifetime.
//
typedef struct _AC_STATE {
    KSPIN_LOCK  Lock;
    HANDLE      GamePid;
    AC_REPORT   Report;
    BOOLEAN     ThreadNotifyRegistered;
} AC_STATE, *PAC_STATE;

extern AC_STATE  g_Ac;
extern WDFDEVICE g_ControlDevice;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD AcEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL AcEvtIoDeviceControl;

NTSTATUS AcCreateControlDevice(_In_ WDFDRIVER Driver);

VOID AcThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);
