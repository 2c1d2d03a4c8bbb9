#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>
#include <ntddstor.h>

#define NT_DEVICE_NAME      L"\\Device\\KRamDisk"
#define DOS_DEVICE_NAME     L"\\DosDevices\\R:"
#define RAMDISK_TAG         'DmaR'

namespace ramdisk {

constexpr ULONG kDefaultSize     = 16 * 1024 * 1024;   // 16 MB
constexpr ULONG kMinSize         = 1  * 1024 * 1024;
constexpr ULONG kMaxSize         = 256 * 1024 * 1024;
constexpr ULONG kBytesPerSector  = 512;
constexpr ULONG kSectorsPerTrack = 32;
constexpr ULONG kTracksPerCyl    = 2;

struct DEVICE_EXTENSION {
    PUCHAR        DiskImage;
    ULONG         DiskSize;
    DISK_GEOMETRY Geometry;
};

struct QUEUE_EXTENSION {
    DEVICE_EXTENSION* DevExt;
};

} // namespace ramdisk

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ramdisk::DEVICE_EXTENSION, DeviceGetExtension)
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(ramdisk::QUEUE_EXTENSION, QueueGetExtension)

extern "C" DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD          RamDiskEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP     RamDiskEvtDeviceCleanup;
EVT_WDF_IO_QUEUE_IO_READ           RamDiskEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE          RamDiskEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RamDiskEvtIoDeviceControl;

#define RD_PRINT(_x_)   KdPrint(_x_)
