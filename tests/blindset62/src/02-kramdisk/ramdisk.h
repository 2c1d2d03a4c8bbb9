/*
 * ramdisk.h - KMDF ram disk, root enumerated (install with devcon, hwid Root\KRamDisk)
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>
#include <ntddstor.h>

#include "trace.h"

#define KRD_TAG             'dRrK'
#define KRD_SECTOR_SIZE     512
#define KRD_DEFAULT_MB      16
#define KRD_TRACKS_PER_CYL  2
#define KRD_SECTORS_PER_TRK 32

#define KRD_NT_NAME         L"\\Device\\KRamDisk0"
#define KRD_DOS_NAME        L"\\DosDevices\\KRamDisk0"

typedef struct _DEVICE_CONTEXT {
    WDFQUEUE        Queue;
    PUCHAR          Image;
    SIZE_T          ImageSize;
    DISK_GEOMETRY   Geometry;
    LONG            OpenCount;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DeviceGetContext)

DRIVER_INITIALIZE                   DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD           KrdEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP      KrdEvtDriverContextCleanup;
EVT_WDF_IO_QUEUE_IO_READ            KrdEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE           KrdEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  KrdEvtIoDeviceControl;

ULONG KrdQueryDiskSizeMb(_In_ WDFDRIVER Driver);
