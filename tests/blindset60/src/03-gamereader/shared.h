#pragma once
// shared.h - copy this into the overlay project too

#define GR_IOCTL(n) CTL_CODE(0x9000, 0x800 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)

#define IOCTL_GR_SET_TARGET   GR_IOCTL(1)   // in: GR_TARGET
#define IOCTL_GR_READ         GR_IOCTL(2)   // in: GR_READ_REQUEST, out: bytes
#define IOCTL_GR_GET_MODULE   GR_IOCTL(3)   // out: GR_MODULE_INFO

typedef struct _GR_TARGET {
    unsigned __int64 Pid;
} GR_TARGET;

typedef struct _GR_READ_REQUEST {
    unsigned __int64 Pid;
    unsigned __int64 Address;
    unsigned __int32 Size;
    unsigned __int32 Pad;
} GR_READ_REQUEST;

typedef struct _GR_MODULE_INFO {
    unsigned __int64 Base;
    unsigned __int64 Size;
} GR_MODULE_INFO;
