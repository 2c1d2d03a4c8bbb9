/*
 * public.h - shared with echoapp.exe
 */
#pragma once

#define ECHO_USER_DEVICE_NAME   L"\\\\.\\KmdfEcho"

#define FILE_DEVICE_KMDFECHO    0x8337

// in: HANDLE of an auto-reset event created by the app (sizeof(HANDLE) bytes)
#define IOCTL_ECHO_REGISTER_EVENT \
    CTL_CODE(FILE_DEVICE_KMDFECHO, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)

// out: ECHO_STATS
#define IOCTL_ECHO_GET_STATS \
    CTL_CODE(FILE_DEVICE_KMDFECHO, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

typedef struct _ECHO_STATS {
    unsigned long Writes;
    unsigned long Reads;
    unsigned long BytesStored;
} ECHO_STATS;
