/*
 * acguard_ioctl.h - shared between acguard.sys and the game launcher
 *
 * The launcher opens \\.\AcGuard and tells the driver which PID belongs
 * to the game.  From then on every OpenProcess() on the game that asks
 * for VM_READ / VM_WRITE / TERMINATE gets those bits stripped.
 */
#pragma once

#define AG_DEVICE_NAME      L"\\Device\\AcGuard"
#define AG_DOS_NAME         L"\\DosDevices\\AcGuard"

#define AG_DEVICE_TYPE      0x8337

#define IOCTL_AG_PROTECT_PID   CTL_CODE(AG_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AG_UNPROTECT     CTL_CODE(AG_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AG_QUERY_STATS   CTL_CODE(AG_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _AG_PROTECT_REQUEST {
    ULONG ulProcessId;
    ULONG ulFlags;              /* AG_PF_xxx */
} AG_PROTECT_REQUEST, *PAG_PROTECT_REQUEST;

#define AG_PF_STRIP_VM      0x00000001
#define AG_PF_STRIP_KILL    0x00000002
#define AG_PF_STRIP_THREADS 0x00000004

typedef struct _AG_STATS {
    ULONG ulProtectedPid;
    ULONG ulStrippedHandles;
    ULONG ulDeniedThreads;
    ULONG ulProcessExits;
} AG_STATS, *PAG_STATS;
