/*
 * memhack.h - shared between the driver and the usermode loader (cheat.exe)
 *
 * NOTE: this is for learning / single player games only!!
 * Don't use this against anticheat protected games, you will get banned.
 */
#pragma once

#define MEMHACK_DEVICE_NAME     L"\\Device\\MemHack"
#define MEMHACK_SYMLINK_NAME    L"\\DosDevices\\MemHack"
#define MEMHACK_USER_PATH       L"\\\\.\\MemHack"

#define MEMHACK_DEVICE_TYPE     0x8337

#define IOCTL_MEMHACK_READ \
    CTL_CODE(MEMHACK_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMHACK_WRITE \
    CTL_CODE(MEMHACK_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMHACK_PING \
    CTL_CODE(MEMHACK_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* max bytes per request, the loader splits bigger reads */
#define MEMHACK_MAX_TRANSFER    0x1000

#pragma pack(push, 8)
typedef struct _MEMHACK_REQUEST {
    ULONG64 ProcessId;      /* target game pid */
    ULONG64 Address;        /* address in the target process */
    ULONG64 Size;           /* bytes to read / write */
    UCHAR   Data[MEMHACK_MAX_TRANSFER];
} MEMHACK_REQUEST, *PMEMHACK_REQUEST;

typedef struct _MEMHACK_PING_REPLY {
    ULONG Magic;            /* 0x1337C0DE */
    ULONG Version;
} MEMHACK_PING_REPLY, *PMEMHACK_PING_REPLY;
#pragma pack(pop)

#define MEMHACK_MAGIC   0x1337C0DE
#define MEMHACK_VERSION 3
