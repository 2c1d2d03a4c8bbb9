/* public.h - shared with the test app */
#pragma once

#define HELLO_USER_PATH     L"\\\\.\\HelloKmdf"

#define IOCTL_HELLO_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HELLO_RESET      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define HELLO_MAX_MESSAGE   256

typedef struct _HELLO_STATS {
    unsigned long Opens;
    unsigned long Reads;
    unsigned long Writes;
    unsigned long MessageLength;
} HELLO_STATS;
