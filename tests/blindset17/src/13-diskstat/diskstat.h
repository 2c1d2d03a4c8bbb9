/*++

Module Name:

    diskstat.h

Abstract:

    Disk upper filter that keeps per-disk read/write counters and a latency
    histogram, queried with IOCTL_DISKSTAT_QUERY on the disk itself.

--*/
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <ntdddisk.h>

#include "trace.h"

#define DS_POOL_TAG             'tSsD'
#define DS_HISTOGRAM_BUCKETS    12          /* 2^n * 16 us */

#define IOCTL_DISKSTAT_QUERY    CTL_CODE(IOCTL_DISK_BASE, 0x0F20, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_DISKSTAT_RESET    CTL_CODE(IOCTL_DISK_BASE, 0x0F21, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _DS_PARAMETERS {
    ULONG   Enabled;
    ULONG   TrackLatency;
} DS_PARAMETERS, *PDS_PARAMETERS;

typedef struct _DS_STATS {
    LONG64  Reads;
    LONG64  Writes;
    LONG64  BytesRead;
    LONG64  BytesWritten;
    LONG64  Latency[DS_HISTOGRAM_BUCKETS];
} DS_STATS, *PDS_STATS;

typedef struct _DRIVER_CONTEXT {
    DS_PARAMETERS       Params;
    WDFCOLLECTION       Devices;
    WDFWAITLOCK         DevicesLock;
    LOOKASIDE_LIST_EX   RequestLookaside;
    BOOLEAN             LookasideInitialized;
} DRIVER_CONTEXT, *PDRIVER_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DRIVER_CONTEXT, DsGetDriverContext)

typedef struct _DEVICE_CONTEXT {
    WDFDEVICE   Device;
    WDFIOTARGET Target;
    DS_STATS    Stats;
} DEVICE_CONTEXT, *PDEVICE_CONTEXT;

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DEVICE_CONTEXT, DsGetDeviceContext)

typedef struct _DS_REQUEST_CONTEXT {
    PDEVICE_CONTEXT DeviceContext;
    LARGE_INTEGER   Start;
    BOOLEAN         Write;
    size_t          Length;
} DS_REQUEST_CONTEXT, *PDS_REQUEST_CONTEXT;

DRIVER_INITIALIZE                       DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD               DsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          DsEvtDriverContextCleanup;
EVT_WDF_OBJECT_CONTEXT_CLEANUP          DsEvtDeviceContextCleanup;
EVT_WDF_IO_QUEUE_IO_READ                DsEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE               DsEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL      DsEvtIoDeviceControl;
EVT_WDF_REQUEST_COMPLETION_ROUTINE      DsEvtRequestCompletion;
