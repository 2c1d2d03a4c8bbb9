/*
 * common.h - shared between memrw.sys and the usermode client (rwcli.exe)
 * keep this file free of kernel-only stuff!
 */
#pragma once

#define MEMRW_DEVICE_TYPE   0x8337

#define IOCTL_MEMRW_READ    CTL_CODE(MEMRW_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMRW_WRITE   CTL_CODE(MEMRW_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMRW_BASE    CTL_CODE(MEMRW_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MEMRW_INFO    CTL_CODE(MEMRW_DEVICE_TYPE, 0x804, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define MEMRW_MAX_XFER      0x1000      /* one page per request */
#define MEMRW_VERSION       0x00010003

#pragma pack(push, 8)
typedef struct _MEMRW_REQUEST {
    ULONG       ProcessId;
    ULONG       Size;
    ULONGLONG   Address;
    /* for WRITE the data follows the header, for READ it comes back after it */
    UCHAR       Data[1];
} MEMRW_REQUEST, *PMEMRW_REQUEST;

typedef struct _MEMRW_INFO {
    ULONG   Version;
    ULONG   Requests;
    WCHAR   ServiceKey[128];
} MEMRW_INFO, *PMEMRW_INFO;
#pragma pack(pop)

#define MEMRW_HDR_SIZE      FIELD_OFFSET(MEMRW_REQUEST, Data)
