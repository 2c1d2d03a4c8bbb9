#pragma once
// shared between the driver and the usermode client (reader.exe)

#define MR_DEVICE_NAME   L"\\Device\\MemReader"
#define MR_DOS_NAME      L"\\DosDevices\\MemReader"

#define MR_IOCTL_READ     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x696, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define MR_IOCTL_WRITE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x697, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define MR_IOCTL_RELOAD   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x698, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define MR_MAX_CHUNK      0x1000

#pragma pack(push, 1)
typedef struct _MR_REQUEST {
    ULONG     Pid;
    ULONG64   Address;
    ULONG     Size;
    UCHAR     Data[1];     // only used for writes
} MR_REQUEST, *PMR_REQUEST;
#pragma pack(pop)
