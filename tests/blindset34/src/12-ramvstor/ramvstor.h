/*++

Module Name:

    ramvstor.h

Abstract:

    Storport virtual miniport exposing one RAM-backed LUN per virtual
    adapter. The size comes from the DiskSizeMB service value.

--*/

#pragma once

#include <ntddk.h>
#include <storport.h>

#define RV_TAG                  'VmaR'
#define RV_BLOCK_SIZE           512
#define RV_DEFAULT_SIZE_MB      16
#define RV_MAX_SIZE_MB          256
#define RV_MAX_TRANSFER         (256 * 1024)

#define RV_VENDOR               "RAMVSTOR"
#define RV_PRODUCT              "RamDisk         "
#define RV_REVISION             "1.00"

#define RV_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ramvstor: " fmt "\n", __VA_ARGS__)

//
// Per-adapter device extension (allocated by Storport).
//
typedef struct _RV_ADAPTER {
    LIST_ENTRY  Link;
    PUCHAR      Disk;
    ULONGLONG   DiskBytes;
    ULONG       Number;
    BOOLEAN     Linked;
} RV_ADAPTER, *PRV_ADAPTER;

//
// Driver-wide state, allocated in DriverEntry, freed in RvDriverUnload.
//
typedef struct _RV_DRIVER {
    PDRIVER_UNLOAD  PortUnload;
    KSPIN_LOCK      Lock;
    LIST_ENTRY      Adapters;
    ULONG           NextNumber;
    ULONGLONG       DiskBytes;
} RV_DRIVER, *PRV_DRIVER;

extern PRV_DRIVER g_Rv;

// hw.c
VIRTUAL_HW_FIND_ADAPTER     RvHwFindAdapter;
HW_INITIALIZE               RvHwInitialize;
HW_STARTIO                  RvHwStartIo;
HW_RESET_BUS                RvHwResetBus;
HW_ADAPTER_CONTROL          RvHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   RvHwFreeAdapterResources;
