/*
 * volfilt.h - upper filter for volume devices (Volume class, UpperFilters).
 */
#ifndef VOLFILT_H
#define VOLFILT_H

#include <ntddk.h>
#include "features.h"

#define VF_TAG 'tlFV'

#if VF_TRACE_IO
#define VF_TRACE(_x_) DbgPrint _x_
#else
#define VF_TRACE(_x_)
#endif

typedef struct _VF_DRIVER_EXT {
    UNICODE_STRING RegistryPath;
    LONG           Devices;
} VF_DRIVER_EXT, *PVF_DRIVER_EXT;

typedef struct _VF_DEVICE_EXT {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    PDEVICE_OBJECT Pdo;
    IO_REMOVE_LOCK RemoveLock;
    ULONG          PagingPathCount;
#if VF_ENABLE_STATS
    volatile LONG64 Reads;
    volatile LONG64 Writes;
    volatile LONG64 TotalLatencyTicks;
#endif
} VF_DEVICE_EXT, *PVF_DEVICE_EXT;

#if VF_ENABLE_STATS
typedef struct _VF_IO_SAMPLE {
    PVF_DEVICE_EXT Owner;
    LARGE_INTEGER  Start;
    UCHAR          Major;
    ULONG          Length;
} VF_IO_SAMPLE, *PVF_IO_SAMPLE;
#endif

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE VfAddDevice;
DRIVER_UNLOAD VfUnload;
DRIVER_DISPATCH VfPassThrough;
DRIVER_DISPATCH VfDispatchPnp;
DRIVER_DISPATCH VfDispatchPower;
#if VF_ENABLE_STATS
DRIVER_DISPATCH VfDispatchReadWrite;
#endif

#endif
