/*
 * kmrw_ioctl.h - interface shared between kmrw.sys and the usermode client.
 *
 * Keep this file free of kernel headers, the client includes it from plain
 * Win32 code.
 */
#pragma once

#define KMRW_DEVICE_TYPE        0x9A41

#define KMRW_IOCTL(fn) \
    CTL_CODE(KMRW_DEVICE_TYPE, 0x800 + (fn), METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_KMRW_PING             KMRW_IOCTL(0)
#define IOCTL_KMRW_READ_MEMORY      KMRW_IOCTL(1)
#define IOCTL_KMRW_WRITE_MEMORY     KMRW_IOCTL(2)
#define IOCTL_KMRW_MODULE_BASE      KMRW_IOCTL(3)
#define IOCTL_KMRW_PROTECT_PID      KMRW_IOCTL(4)
#define IOCTL_KMRW_UNPROTECT_PID    KMRW_IOCTL(5)
#define IOCTL_KMRW_QUERY_STATE      KMRW_IOCTL(6)

#define KMRW_USER_DEVICE_PATH   L"\\\\.\\kmrw"
#define KMRW_PING_MAGIC         0x4B4D5257u   /* 'KMRW' */
#define KMRW_MAX_TRANSFER       (16u * 1024u * 1024u)

#pragma pack(push, 8)

typedef struct _KMRW_MEMORY_REQUEST {
    unsigned __int64    ProcessId;
    unsigned __int64    Address;        /* address inside the target process */
    unsigned __int64    Buffer;         /* caller's buffer */
    unsigned __int64    Size;
    unsigned __int64    BytesCopied;    /* out */
} KMRW_MEMORY_REQUEST, *PKMRW_MEMORY_REQUEST;

typedef struct _KMRW_MODULE_REQUEST {
    unsigned __int64    ProcessId;
    wchar_t             ModuleName[64]; /* empty: main image */
    unsigned __int64    Base;           /* out */
    unsigned __int64    SizeOfImage;    /* out */
} KMRW_MODULE_REQUEST, *PKMRW_MODULE_REQUEST;

typedef struct _KMRW_PROTECT_REQUEST {
    unsigned __int64    ProcessId;
    unsigned long       StripMask;      /* access bits removed from foreign handles */
    unsigned long       Reserved;
} KMRW_PROTECT_REQUEST, *PKMRW_PROTECT_REQUEST;

typedef struct _KMRW_STATE {
    unsigned long       Magic;
    unsigned long       OffsetsValid;
    unsigned long       ProtectedCount;
    unsigned long       BuildNumber;
    unsigned __int64    HandlesStripped;
} KMRW_STATE, *PKMRW_STATE;

#pragma pack(pop)
