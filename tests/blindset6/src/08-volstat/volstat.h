/*++

Copyright (c) 2019-2023  Halvorsen Storage AS

Module Name:

    volstat.h

Abstract:

    Volume upper filter that keeps per-volume read/write statistics.

--*/
#pragma once

#include <ntddk.h>
#include <ntddvol.h>
#include <ntdddisk.h>

#define VOLSTAT_TAG  'tSlV'

typedef struct _VOLSTAT_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;
    ULONG           DefaultSampleMs;
    BOOLEAN         CountPaging;
} VOLSTAT_DRIVER_EXTENSION, *PVOLSTAT_DRIVER_EXTENSION;

typedef struct _VOLSTAT_COUNTERS {
    volatile LONG64 Reads;
    volatile LONG64 Writes;
    volatile LONG64 BytesRead;
    volatile LONG64 BytesWritten;
} VOLSTAT_COUNTERS;

typedef struct _DEVICE_EXTENSION {
    PDEVICE_OBJECT      DeviceObject;
    PDEVICE_OBJECT      TargetDeviceObject;
    PDEVICE_OBJECT      PhysicalDeviceObject;
    IO_REMOVE_LOCK      RemoveLock;
    BOOLEAN             Started;
    ULONG               SampleMs;
    VOLSTAT_COUNTERS    Counters;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

#define IOCTL_VOLSTAT_QUERY  CTL_CODE(IOCTL_VOLUME_BASE, 0x7A0, METHOD_BUFFERED, FILE_READ_ACCESS)

DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   VolStatAddDevice;
DRIVER_UNLOAD       VolStatUnload;

DRIVER_DISPATCH     VolStatSendToNextDriver;
DRIVER_DISPATCH     VolStatDispatchPnp;
DRIVER_DISPATCH     VolStatDispatchPower;
DRIVER_DISPATCH     VolStatReadWrite;
DRIVER_DISPATCH     VolStatDeviceControl;

NTSTATUS
VolStatQueryDeviceParameters(
    _In_ PVOLSTAT_DRIVER_EXTENSION DriverExtension,
    _Inout_ PDEVICE_EXTENSION DeviceExtension
    );
