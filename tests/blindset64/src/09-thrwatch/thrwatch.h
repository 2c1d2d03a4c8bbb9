#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define TW_POOL_TAG         'wrhT'
#define TW_NT_NAME          L"\\Device\\ThrWatch"
#define TW_DOS_NAME         L"\\DosDevices\\ThrWatch"

#define TW_DEVICE_TYPE      0x9c41
#define IOCTL_TW_WATCH_PID  CTL_CODE(TW_DEVICE_TYPE, 0xB00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TW_QUERY      CTL_CODE(TW_DEVICE_TYPE, 0xB01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define TW_MAX_HITS         128

#if DBG
#define TW_DBG(...)     DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "thrwatch: " __VA_ARGS__)
#else
#define TW_DBG(...)     ((void)0)
#endif

typedef struct _TW_HIT {
    ULONG           SourcePid;
    ULONG           ThreadId;
    LARGE_INTEGER   When;
} TW_HIT;

typedef struct _TW_SNAPSHOT {
    ULONG   WatchedPid;
    ULONG   WatchedAlive;
    ULONG   HitCount;
    TW_HIT  Hits[TW_MAX_HITS];
} TW_SNAPSHOT, *PTW_SNAPSHOT;

typedef struct _TW_GLOBALS {
    KSPIN_LOCK      Lock;
    HANDLE          WatchedPid;
    BOOLEAN         WatchedAlive;
    ULONG           HitCount;
    TW_HIT          Hits[TW_MAX_HITS];

    WDFDEVICE       ControlDevice;
    BOOLEAN         ProcessNotifyOn;
    BOOLEAN         ThreadNotifyOn;
} TW_GLOBALS;

extern TW_GLOBALS g_Tw;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD TwEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL TwEvtIoDeviceControl;

/* device.c */
NTSTATUS TwCreateControlDevice(_In_ WDFDRIVER Driver, _Out_ WDFDEVICE *Device);

/* notify.c */
NTSTATUS TwStartNotifications(VOID);
VOID     TwStopNotifications(VOID);
