/*++

Copyright (c) Graphic Design Institute Storage Labs.  All rights reserved.

Module Name:

    vrd.h

Abstract:

    Storport virtual miniport exposing RAM-backed LUNs ("VRD").  Used by
    the storage test farm to exercise class drivers and filters without
    hardware.

    The same binary serves two enumerations: a root-enumerated adapter
    (Internal) and adapters created on demand by the lab's software bus
    (PNPBus), so DriverEntry registers with Storport for both interface
    types.

Environment:

    Kernel mode, Storport virtual miniport.

--*/

#pragma once

#include <ntddk.h>
#include <storport.h>
#include <ntddscsi.h>
#include <scsi.h>
#include <ntstrsafe.h>

#define VRD_TAG                 'DRVg'
#define VRD_TAG_DISK            'kRVg'

#define VRD_VENDOR_ID           "GDI     "
#define VRD_PRODUCT_ID          "Virtual RAM Disk"
#define VRD_PRODUCT_REVISION    "0210"

#define VRD_MAX_LUNS            4
#define VRD_DEFAULT_LUNS        1
#define VRD_DEFAULT_DISK_MB     16
#define VRD_MAX_DISK_MB         1024
#define VRD_BLOCK_SIZE          512
#define VRD_MAX_TRANSFER        (1024 * 1024)

#define VRD_PARAMETERS_CCH      256

//
// Debug output.
//
#if DBG
#define VRD_PRINT(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vrd: " _fmt "\n", __VA_ARGS__)
#else
#define VRD_PRINT(_fmt, ...) ((void)0)
#endif

typedef struct _VRD_PARAMETERS {
    ULONG   LunCount;
    ULONG   DiskSizeMB;
    ULONG   ReadOnly;
} VRD_PARAMETERS, *PVRD_PARAMETERS;

//
// One RAM disk.
//
typedef struct _VRD_DISK {
    PUCHAR      Memory;
    ULONG64     BlockCount;
    BOOLEAN     ReadOnly;
    KSPIN_LOCK  Lock;
} VRD_DISK, *PVRD_DISK;

//
// Storport device extension for one adapter.
//
typedef struct _VRD_ADAPTER {
    LIST_ENTRY      Link;
    ULONG           AdapterNumber;
    INTERFACE_TYPE  InterfaceType;
    ULONG           LunCount;
    VRD_DISK        Disks[VRD_MAX_LUNS];
    volatile LONG   OutstandingIo;
} VRD_ADAPTER, *PVRD_ADAPTER;

//
// Per-LUN extension.
//
typedef struct _VRD_LUN {
    ULONG   Lun;
    BOOLEAN Ready;
} VRD_LUN, *PVRD_LUN;

//
// Driver-wide information (one allocation, freed on unload).
//
typedef struct _VRD_DRIVER_INFO {
    PDRIVER_OBJECT      DriverObject;
    PDRIVER_UNLOAD      StorPortUnload;         // Storport's unload, chained from ours
    VRD_PARAMETERS      Parameters;
    WCHAR               ParametersPath[VRD_PARAMETERS_CCH];

    KSPIN_LOCK          AdapterListLock;
    LIST_ENTRY          AdapterList;
    ULONG               NextAdapterNumber;
} VRD_DRIVER_INFO, *PVRD_DRIVER_INFO;

extern PVRD_DRIVER_INFO g_VrdDriver;

//
// main.c
//
sp_DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VrdDriverUnload;

//
// adapter.c
//
VIRTUAL_HW_FIND_ADAPTER VrdHwFindAdapter;
HW_INITIALIZE VrdHwInitialize;
HW_RESET_BUS VrdHwResetBus;
HW_ADAPTER_CONTROL VrdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES VrdHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST VrdHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP VrdHwCompleteServiceIrp;
HW_INITIALIZE_TRACING VrdHwInitializeTracing;
HW_CLEANUP_TRACING VrdHwCleanupTracing;

//
// scsi.c
//
HW_STARTIO VrdHwStartIo;
