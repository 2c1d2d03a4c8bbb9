/*
 * obguard_ioctl.h - shared with the launcher (ObGuardLauncher.exe)
 */
#pragma once

#define OBGUARD_DEVICE_NAME     L"\\Device\\ObGuard"
#define OBGUARD_LINK_NAME       L"\\DosDevices\\ObGuard"
#define OBGUARD_USER_PATH       L"\\\\.\\ObGuard"

#define OBGUARD_IOCTL_PROTECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x0A01, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define OBGUARD_IOCTL_UNPROTECT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x0A02, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define OBGUARD_IOCTL_QUERY \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x0A03, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _OBGUARD_PROTECT_REQUEST {
    unsigned long ProcessId;
} OBGUARD_PROTECT_REQUEST;

typedef struct _OBGUARD_STATUS {
    unsigned long ProtectedPid;
    unsigned long StrippedHandles;
} OBGUARD_STATUS;
