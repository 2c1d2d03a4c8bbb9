/*
 * dpx.h - DiskPerfX, a WDM disk upper filter that collects per-disk
 * read/write counters and an optional latency histogram.
 */
#pragma once

#include <ntddk.h>
#include <ntdddisk.h>
#include <ntstrsafe.h>

#define DPX_TAG                 'xPpD'
#define DPX_HISTOGRAM_BUCKETS   16

#define IOCTL_DPX_QUERY_COUNTERS CTL_CODE(IOCTL_DISK_BASE, 0x7F0, METHOD_BUFFERED, FILE_ANY_ACCESS)

/* Identifies our driver object extension. */
#define DPX_DRIVER_EXTENSION_ID ((PVOID)DriverEntry)

typedef struct _DPX_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;       /* private copy, freed in DpxUnload */
    KSPIN_LOCK      DeviceListLock;
    LIST_ENTRY      DeviceList;
    ULONG           DeviceCount;
    BOOLEAN         HistogramEnabled;   /* set by the reinitialization routine */
    ULONG           ReinitCount;
} DPX_DRIVER_EXTENSION, *PDPX_DRIVER_EXTENSION;

typedef struct _DPX_COUNTERS {
    LONG64  Reads;
    LONG64  Writes;
    LONG64  BytesRead;
    LONG64  BytesWritten;
    LONG64  Histogram[DPX_HISTOGRAM_BUCKETS];
} DPX_COUNTERS, *PDPX_COUNTERS;

typedef struct _DPX_DEVICE_EXTENSION {
    PDEVICE_OBJECT      DeviceObject;
    PDEVICE_OBJECT      TargetDeviceObject;
    PDEVICE_OBJECT      PhysicalDeviceObject;
    LIST_ENTRY          Link;
    IO_REMOVE_LOCK      RemoveLock;
    KSPIN_LOCK          CounterLock;
    DPX_COUNTERS        Counters;
    ULONG               DiskNumber;
} DPX_DEVICE_EXTENSION, *PDPX_DEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DpxUnload;
DRIVER_ADD_DEVICE DpxAddDevice;
DRIVER_REINITIALIZE DpxReinitialize;

DRIVER_DISPATCH DpxDispatchPassThrough;
DRIVER_DISPATCH DpxDispatchPnp;
DRIVER_DISPATCH DpxDispatchPower;
DRIVER_DISPATCH DpxDispatchReadWrite;
DRIVER_DISPATCH DpxDispatchDeviceControl;

PDPX_DRIVER_EXTENSION DpxGetDriverExtension(_In_ PDRIVER_OBJECT DriverObject);
VOID DpxReadSettings(_In_ PDPX_DRIVER_EXTENSION DriverExtension);
