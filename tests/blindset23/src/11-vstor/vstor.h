/*++

Module Name:

    vstor.h

Abstract:

    vstor.sys - Storport virtual miniport exposing a single RAM-backed
    disk (bus 0, target 0, LUN 0).  Intended for CI machines that need a
    scratch volume that disappears on reboot.

Environment:

    Kernel mode, Storport virtual miniport model.

--*/

#pragma once

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>
#include <ntstrsafe.h>

#define VSTOR_TAG                   'rtSV'
#define VSTOR_SECTOR_SIZE           512
#define VSTOR_DEFAULT_SIZE_MB       64
#define VSTOR_MAX_SIZE_MB           1024
#define VSTOR_MAX_TRANSFER          (1024 * 1024)
#define VSTOR_MAX_BREAKS            ((VSTOR_MAX_TRANSFER / PAGE_SIZE) + 1)
#define VSTOR_PRODUCT_CHARS         16

#define VSTOR_VENDOR_ID             "VSTOR   "          // 8 chars, space padded
#define VSTOR_PRODUCT_REVISION      "0104"

#if DBG
#define VsTrace(_fmt, ...)  DbgPrintEx(DPFLTR_STORMINIPORT_ID, DPFLTR_INFO_LEVEL, "vstor: " _fmt "\n", __VA_ARGS__)
#define VsError(_fmt, ...)  DbgPrintEx(DPFLTR_STORMINIPORT_ID, DPFLTR_ERROR_LEVEL, "vstor: " _fmt "\n", __VA_ARGS__)
#else
#define VsTrace(_fmt, ...)  ((void)0)
#define VsError(_fmt, ...)  ((void)0)
#endif

//
// Driver-wide settings read once in DriverEntry.  The strings live in
// static storage (see driver.c), nothing here is allocated.
//
typedef struct _VSTOR_DRIVER_CONFIG {
    ULONG   DiskSizeMB;
    ULONG   ReadOnly;
    CHAR    ProductId[VSTOR_PRODUCT_CHARS + 1];     // ASCII, space padded
    CHAR    SerialNumber[17];
} VSTOR_DRIVER_CONFIG, *PVSTOR_DRIVER_CONFIG;

extern VSTOR_DRIVER_CONFIG g_VsConfig;

//
// Per-adapter state (Storport device extension).
//
typedef struct _VSTOR_ADAPTER {
    PUCHAR      Disk;               // StorPortAllocatePool, freed in HwFreeAdapterResources
    ULONGLONG   DiskBytes;
    ULONGLONG   BlockCount;
    BOOLEAN     ReadOnly;
    BOOLEAN     Stopped;
    ULONG       SrbCount;
} VSTOR_ADAPTER, *PVSTOR_ADAPTER;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;

//
// adapter.c
//
HW_INITIALIZE               VsHwInitialize;
HW_RESET_BUS                VsHwResetBus;
HW_ADAPTER_CONTROL          VsHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VsHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VsHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VsHwCompleteServiceIrp;

ULONG
VsHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_z_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    );

//
// scsi.c
//
HW_STARTIO VsHwStartIo;
