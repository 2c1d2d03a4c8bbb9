#pragma once

//
// memreader.h - shared between the driver and the overlay client
//

#define FILE_DEVICE_MEMREADER   0x8337

#define IOCTL_MR_GET_VERSION \
    CTL_CODE(FILE_DEVICE_MEMREADER, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MR_READ_MEMORY \
    CTL_CODE(FILE_DEVICE_MEMREADER, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MR_WRITE_MEMORY \
    CTL_CODE(FILE_DEVICE_MEMREADER, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define MR_VERSION      0x00010003
#define MR_MAX_XFER     (64 * 1024)
#define MR_TAG          'rMeM'

#pragma pack(push, 8)
typedef struct _MR_MEMORY_REQUEST {
    ULONG     ProcessId;
    ULONG     Size;
    ULONGLONG Address;
    // for writes the payload follows the header
} MR_MEMORY_REQUEST, *PMR_MEMORY_REQUEST;
#pragma pack(pop)
