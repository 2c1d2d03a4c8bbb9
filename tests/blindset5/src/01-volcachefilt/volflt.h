/*
 * volflt.h - shared declarations for the VolCache upper volume filter.
 *
 * Copyright (c) 2019 Brightline Storage Ltd.  Internal use.
 */
#pragma once

#include <ntddk.h>
#include <ntdddisk.h>
#include <ntddvol.h>

#define VOLFLT_TAG          'fVcV'
#define VOLFLT_DEVICE_TYPE  FILE_DEVICE_DISK

//
// Driver-wide state, kept in the driver object extension so that it is
// released by the I/O manager together with the driver object.
//
typedef struct _VOLFLT_DRIVER_EXTENSION {
    UNICODE_STRING  RegistryPath;
    ULONG           CacheSizeMb;
    ULONG           Flags;
    KSPIN_LOCK      ListLock;
    LIST_ENTRY      DeviceList;
} VOLFLT_DRIVER_EXTENSION, *PVOLFLT_DRIVER_EXTENSION;

#define VOLFLT_FLAG_WRITE_THROUGH   0x00000001
#define VOLFLT_FLAG_STATS           0x00000002

typedef struct _VOLFLT_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;
    PDEVICE_OBJECT  PhysicalDevice;
    LIST_ENTRY      Link;
    IO_REMOVE_LOCK  RemoveLock;
    volatile LONG64 ReadBytes;
    volatile LONG64 WriteBytes;
} VOLFLT_DEVICE_EXTENSION, *PVOLFLT_DEVICE_EXTENSION;

DRIVER_INITIALIZE    DriverEntry;
DRIVER_ADD_DEVICE    VolFltAddDevice;
DRIVER_UNLOAD        VolFltUnload;

_Dispatch_type_(IRP_MJ_PNP)            DRIVER_DISPATCH VolFltDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)          DRIVER_DISPATCH VolFltDispatchPower;
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)          DRIVER_DISPATCH VolFltReadWrite;
DRIVER_DISPATCH                        VolFltSendToNextDriver;

NTSTATUS
VolFltQueryParameters(
    _In_ PVOLFLT_DRIVER_EXTENSION DriverExtension
    );
