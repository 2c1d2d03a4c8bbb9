/*
 * public.h - IOCTLs for the hello device, shared with hellotool.exe
 */
#pragma once

#define HELLO_NT_NAME       L"\\Device\\KmdfHello"
#define HELLO_DOS_NAME      L"\\DosDevices\\KmdfHello"

#define IOCTL_HELLO_PING    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELLO_STATS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HELLO_RESET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _HELLO_STATS {
    ULONG Pings;
    ULONG Reads;
    ULONG Writes;
    ULONG BytesWritten;
} HELLO_STATS, *PHELLO_STATS;
