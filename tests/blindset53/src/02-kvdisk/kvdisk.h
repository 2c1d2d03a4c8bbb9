/*
 * kvdisk.h - KMDF virtual disk, root enumerated (root\kvdisk)
 */
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>
#include <ntddstor.h>
#include "trace.h"

#define KV_POOL_TAG         'ksVK'
#define KV_NT_NAME          L"\\Device\\KvDisk0"
#define KV_DOS_NAME         L"\\DosDevices\\K:"
#define KV_SECTOR           512
#define KV_DEF_SIZE_MB      32
#define KV_MAX_SIZE_MB      512

typedef struct _KV_GLOBALS {
    ULONG   DiskSizeMb;
    ULONG   ReadOnly;
    ULONG   DeviceCount;
} KV_GLOBALS;

extern KV_GLOBALS KvGlobals;

typedef struct _KV_DEVICE_CONTEXT {
    WDFDEVICE     Device;
    WDFQUEUE      Queue;
    PUCHAR        Image;
    ULONGLONG     ImageSize;
    DISK_GEOMETRY Geometry;
    BOOLEAN       ReadOnly;
} KV_DEVICE_CONTEXT, *PKV_DEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(KV_DEVICE_CONTEXT, KvGetDeviceContext)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD KvEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD KvEvtDriverUnload;

EVT_WDF_IO_QUEUE_IO_READ KvEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE KvEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KvEvtIoDeviceControl;

NTSTATUS KvQueueInitialize(_In_ WDFDEVICE Device, _Out_ WDFQUEUE *Queue);
