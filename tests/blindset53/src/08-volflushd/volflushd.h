/*
 * volflushd.h - periodic volume flush daemon
 *
 * Opens one volume (Parameters\Target, default \??\C:) and sends it a
 * flush every IntervalSec seconds, and right before the machine sleeps.
 * Handy for flaky USB enclosures that lose their cache on suspend.
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

#include <ntddk.h>
#include <ntstrsafe.h>

#define FD_TAG              'dlFV'
#define FD_DEVICE_NAME      L"\\Device\\VolFlushd"
#define FD_LINK_NAME        L"\\DosDevices\\VolFlushd"
#define FD_DEFAULT_TARGET   L"\\??\\C:"
#define FD_DEFAULT_INTERVAL 30
#define FD_MIN_INTERVAL     5

#define FILE_DEVICE_VOLFLUSHD   0x8C44
#define IOCTL_FLUSHD_FLUSH_NOW  CTL_CODE(FILE_DEVICE_VOLFLUSHD, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_FLUSHD_GET_STATS  CTL_CODE(FILE_DEVICE_VOLFLUSHD, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)

#define FDLOG(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "volflushd: " __VA_ARGS__)
#define FDERR(...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "volflushd: " __VA_ARGS__)

typedef struct _FD_STATS {
    ULONG   Flushes;
    ULONG   Failures;
    NTSTATUS LastStatus;
} FD_STATS, *PFD_STATS;

typedef struct _FD_GLOBALS {
    PDEVICE_OBJECT      ControlDevice;

    UNICODE_STRING      TargetName;
    WCHAR               TargetBuffer[64];
    ULONG               IntervalSec;

    PFILE_OBJECT        TargetFile;
    PDEVICE_OBJECT      TargetDevice;

    PCALLBACK_OBJECT    PowerCallbackObject;
    PVOID               PowerCallbackHandle;

    PKTHREAD            Worker;
    KEVENT              StopEvent;
    KEVENT              FlushNowEvent;

    volatile LONG       Flushes;
    volatile LONG       Failures;
    NTSTATUS            LastStatus;
} FD_GLOBALS, *PFD_GLOBALS;

extern FD_GLOBALS g_Fd;

/* worker.cpp */
NTSTATUS FdRegisterPowerCallback(VOID);
VOID     FdUnregisterPowerCallback(VOID);
NTSTATUS FdStartWorker(VOID);
VOID     FdStopWorker(VOID);

#ifdef __cplusplus
}
#endif
