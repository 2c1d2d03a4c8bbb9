#pragma once
// memdrv.h -- shared between the driver and the overlay/client

#define MEMDRV_DEVICE    L"\\Device\\MemDrv"
#define MEMDRV_LINK      L"\\DosDevices\\MemDrv"

#define IOCTL_MEM_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A1, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define IOCTL_MEM_WRITE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A2, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define IOCTL_MEM_BASE   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A3, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)
#define IOCTL_MEM_PING   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x6A4, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)

struct MemRequest {
    ULONG       ProcessId;
    ULONG64     Address;        // address in the target process
    ULONG64     Buffer;         // address in the caller
    ULONG64     Size;
};

struct BaseRequest {
    ULONG       ProcessId;
    ULONG64     Base;           // out
};

struct HeartbeatConfig {
    ULONG       IntervalMs;
    ULONG       TimeoutTicks;
    ULONG       Magic;
};

constexpr ULONG HeartbeatMagic = 0x48425431;    // 'HBT1'
constexpr ULONG64 MaxCopySize = 0x100000;       // 1 MB per call is plenty
