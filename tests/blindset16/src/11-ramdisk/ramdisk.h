/*++

Copyright (c) RamDisk contributors. Licensed under the Ms-PL.

Module Name:

    ramdisk.h

Abstract:

    KMDF RAM disk: one root-enumerated disk backed by nonpaged memory,
    optionally preloaded from an image file, plus an optional management
    control device used by rdctl.exe.

--*/

#pragma once

#include <ntddk.h>
#include <ntdddisk.h>
#include <mountdev.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ntstrsafe.h>

#define RD_TAG_GENERAL      'DmaR'
#define RD_TAG_DISK         'dmaR'
#define RD_TAG_PARAMS       'pmaR'

#define RD_DEVICE_NAME      L"\\Device\\Ramdisk"
#define RD_CONTROL_NAME     L"\\Device\\RamdiskControl"
#define RD_CONTROL_LINK     L"\\DosDevices\\RamdiskControl"
#define RD_DRIVE_LINK_FMT   L"\\DosDevices\\%wc:"

#define RD_DEFAULT_SIZE     (16 * 1024 * 1024)
#define RD_MIN_SIZE         (1 * 1024 * 1024)
#define RD_MAX_SIZE         (512 * 1024 * 1024)
#define RD_SECTOR_SIZE      512
#define RD_DEFAULT_LETTER   L'R'

#define IOCTL_RDCTL_GET_INFO    CTL_CODE(FILE_DEVICE_DISK, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RDCTL_WIPE        CTL_CODE(FILE_DEVICE_DISK, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RD_TRACE(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "Ramdisk: " fmt "\n", ##__VA_ARGS__))
#define RD_ERROR(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Ramdisk: " fmt "\n", ##__VA_ARGS__))

typedef struct _RD_PARAMETERS {
    ULONG           DiskSize;
    WCHAR           DriveLetter;
    BOOLEAN         ManagementDevice;
    UNICODE_STRING  ImageFile;          // RD_TAG_PARAMS; empty = no preload
} RD_PARAMETERS, *PRD_PARAMETERS;

typedef struct _RD_GLOBALS {
    RD_PARAMETERS   Params;
    WDFDEVICE       ControlDevice;
    WDFDEVICE       DiskDevice;         // at most one disk per driver
} RD_GLOBALS, *PRD_GLOBALS;

extern RD_GLOBALS g_RdGlobals;

typedef struct _RD_DISK_CONTEXT {
    PUCHAR          Image;              // RD_TAG_DISK
    ULONG           Size;
    DISK_GEOMETRY   Geometry;
    WCHAR           DriveLetter;
    UNICODE_STRING  DeviceName;
    WCHAR           DeviceNameBuffer[64];
} RD_DISK_CONTEXT, *PRD_DISK_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RD_DISK_CONTEXT, RdGetDiskContext)

typedef struct _RD_CONTROL_CONTEXT {
    PRD_GLOBALS     Globals;
    ULONG           OpenCount;
} RD_CONTROL_CONTEXT, *PRD_CONTROL_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(RD_CONTROL_CONTEXT, RdGetControlContext)

typedef struct _RD_CONTROL_INFO {
    ULONG   DiskSize;
    WCHAR   DriveLetter;
    BOOLEAN Preloaded;
} RD_CONTROL_INFO, *PRD_CONTROL_INFO;

// driver.c
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_OBJECT_CONTEXT_CLEANUP RdEvtDriverContextCleanup;

// registry.c
NTSTATUS RdReadParameters(_In_ PUNICODE_STRING RegistryPath, _Out_ PRD_PARAMETERS Params);
VOID     RdFreeParameters(_Inout_ PRD_PARAMETERS Params);

// control.c
NTSTATUS RdControlDeviceCreate(_In_ WDFDRIVER Driver, _Inout_ PRD_GLOBALS Globals);

// disk.c
EVT_WDF_DRIVER_DEVICE_ADD RdEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP RdEvtDiskContextCleanup;
EVT_WDF_IO_QUEUE_IO_READ RdEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE RdEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL RdEvtIoDeviceControl;
NTSTATUS RdPreloadImage(_In_ PCUNICODE_STRING ImageFile, _Out_writes_bytes_(Size) PUCHAR Image, _In_ ULONG Size);
