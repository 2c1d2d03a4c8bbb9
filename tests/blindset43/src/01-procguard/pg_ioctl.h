/*
 * pg_ioctl.h - shared between procguard.sys and pgctl.exe
 *
 * keep this file free of kernel-only headers, the client includes it with <windows.h>
 */
#pragma once

#define PG_DEVICE_TYPE          0x8123

#define IOCTL_PG_PROTECT        CTL_CODE(PG_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PG_UNPROTECT      CTL_CODE(PG_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PG_CLEAR          CTL_CODE(PG_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PG_QUERY_COUNT    CTL_CODE(PG_DEVICE_TYPE, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define PG_FLAG_STRIP_TERMINATE 0x00000001
#define PG_FLAG_STRIP_VM        0x00000002
#define PG_FLAG_STRIP_THREAD    0x00000004
#define PG_FLAG_ALL             (PG_FLAG_STRIP_TERMINATE | PG_FLAG_STRIP_VM | PG_FLAG_STRIP_THREAD)

typedef struct _PG_PROTECT_REQUEST {
    unsigned long ProcessId;
    unsigned long Flags;
} PG_PROTECT_REQUEST, *PPG_PROTECT_REQUEST;
