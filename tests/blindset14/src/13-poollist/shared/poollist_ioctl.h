/* poollist_ioctl.h - shared by driver/ and client/ */
#pragma once

#define PL_DEVICE_TYPE  0x8123
#define PL_IMAGE_CHARS  64

#define IOCTL_PL_READ   CTL_CODE(PL_DEVICE_TYPE, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PL_CLEAR  CTL_CODE(PL_DEVICE_TYPE, 0x811, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PL_COUNT  CTL_CODE(PL_DEVICE_TYPE, 0x812, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PL_RECORD_OUT {
    unsigned long   ProcessId;
    unsigned long   ParentId;
    long long       CreateTime;             /* 100ns since 1601 */
    wchar_t         Image[PL_IMAGE_CHARS];  /* tail of the image path */
} PL_RECORD_OUT;
