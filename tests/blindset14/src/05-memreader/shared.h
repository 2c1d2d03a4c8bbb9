/* shared.h - included by the driver and by client/client.c */
#pragma once

#define MR_DEVICE_TYPE 0x9000

#define IOCTL_MR_SET_TARGET  CTL_CODE(MR_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MR_READ        CTL_CODE(MR_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MR_GET_BASE    CTL_CODE(MR_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define MR_MAX_READ 0x1000

typedef struct _MR_READ_REQUEST {
    unsigned long long Address;
    unsigned long      Size;
} MR_READ_REQUEST;

typedef struct _MR_TARGET {
    unsigned long ProcessId;
} MR_TARGET;
