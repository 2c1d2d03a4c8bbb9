/*
 * kramdisk - root-enumerated KMDF RAM disk.  The image is a flat
 * nonpaged buffer; format it from user mode after the device shows up.
 */
#ifndef _KRAMDISK_H_
#define _KRAMDISK_H_

#include <ntddk.h>
#include <ntdddisk.h>
#include <wdf.h>
#include <ntstrsafe.h>

#define RAMDISK_TAG                 'DmaR'
#define NT_DEVICE_NAME              L"\\Device\\KRamdisk"
#define DOS_DEVICE_NAME             L"\\DosDevices\\R:"

#define DEFAULT_DISK_SIZE           (16 * 1024 * 1024)
#define MIN_DISK_SIZE               (1 * 1024 * 1024)
#define MAX_DISK_SIZE               (512 * 1024 * 1024)
#define BYTES_PER_SECTOR            512
#define SECTORS_PER_TRACK           32
#define TRACKS_PER_CYLINDER         2

#define RD_TRACE(_x_)               KdPrint(_x_)

typedef struct _DISK_INFO {
    ULONG   DiskSize;           /* bytes */
    ULONG   ReadOnly;           /* REG_DWORD 0/1 */
} DISK_INFO, *PDISK_INFO;

typedef struct _DEVICE_EXTENSION {
    PUCHAR          DiskImage;
    DISK_GEOMETRY   DiskGeometry;
    DISK_INFO       DiskRegInfo;
    UNICODE_STRING  SymbolicLink;
    WCHAR           SymbolicLinkBuffer[16];
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_EXTENSION, DeviceGetExtension)

typedef struct _QUEUE_EXTENSION {
    PDEVICE_EXTENSION DeviceExtension;
} QUEUE_EXTENSION, *PQUEUE_EXTENSION;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(QUEUE_EXTENSION, QueueGetExtension)

DRIVER_INITIALIZE                   DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD           RamDiskEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      RamDiskEvtDeviceContextCleanup;
EVT_WDF_IO_QUEUE_IO_READ            RamDiskEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE           RamDiskEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  RamDiskEvtIoDeviceControl;

#endif
