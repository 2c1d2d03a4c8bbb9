/*
 * ioctlctl.h - shared definitions for the ioctlctl sample driver
 *
 * Small control device that user mode opens via \\.\IoctlCtl and
 * talks to with a handful of buffered IOCTLs.
 */
#pragma once

#include <ntddk.h>

#define IOCTLCTL_TAG            'lCoI'
#define IOCTLCTL_DEVICE_NAME    L"\\Device\\IoctlCtl"
#define IOCTLCTL_SYMLINK_NAME   L"\\DosDevices\\IoctlCtl"

#define IOCTLCTL_DEVICE_TYPE    0x8123

#define IOCTL_CTL_GET_VERSION \
    CTL_CODE(IOCTLCTL_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CTL_ECHO \
    CTL_CODE(IOCTLCTL_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CTL_GET_STATS \
    CTL_CODE(IOCTLCTL_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IOCTLCTL_VERSION        0x00010003
#define IOCTLCTL_SCRATCH_SIZE   512

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[ioctlctl] " fmt "\n", __VA_ARGS__)
#define LOGERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[ioctlctl] !! " fmt "\n", __VA_ARGS__)

typedef struct _CTL_STATS {
    LONG Opens;
    LONG Closes;
    LONG Ioctls;
    LONG Errors;
} CTL_STATS, *PCTL_STATS;

typedef struct _CTL_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    UNICODE_STRING  SymLink;
    BOOLEAN         SymLinkCreated;
    PUCHAR          Scratch;        /* echo buffer, IOCTLCTL_SCRATCH_SIZE bytes */
    FAST_MUTEX      ScratchLock;
    CTL_STATS       Stats;
} CTL_GLOBALS, *PCTL_GLOBALS;

extern CTL_GLOBALS g_Ctl;

DRIVER_DISPATCH CtlCreateClose;
DRIVER_DISPATCH CtlDeviceControl;
DRIVER_DISPATCH CtlNotSupported;
