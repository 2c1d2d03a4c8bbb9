#pragma once
#include <ntddk.h>
#include <ntddstor.h>
#include <ntdddisk.h>

#define RDC_TAG 'cdRR'

// one driver-wide block, hung off the driver object
typedef struct _RDC_DRIVER_EXTENSION {
    UNICODE_STRING RegistryPath;
    ULONG          DiskSizeMb;
    ULONG          DeviceCount;
    FAST_MUTEX     Lock;
} RDC_DRIVER_EXTENSION, *PRDC_DRIVER_EXTENSION;

// key for IoAllocateDriverObjectExtension / IoGetDriverObjectExtension
#define RDC_EXTENSION_ID ((PVOID)DriverEntry)

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE RdcAddDevice;
DRIVER_UNLOAD RdcUnload;
DRIVER_DISPATCH RdcDispatchCreateClose;
DRIVER_DISPATCH RdcDispatchReadWrite;
DRIVER_DISPATCH RdcDispatchDeviceControl;
DRIVER_DISPATCH RdcDispatchPnp;
DRIVER_DISPATCH RdcDispatchPower;
DRIVER_DISPATCH RdcDispatchSystemControl;

NTSTATUS RdcQueryDiskSize(_In_ PRDC_DRIVER_EXTENSION Ext);
