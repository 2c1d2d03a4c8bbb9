/*
 * vramdisk - Storport virtual miniport exposing one RAM backed LUN.
 *
 * Install as a root-enumerated SCSIAdapter (see vramdisk.inf, not in repo).
 * Everything lives in nonpaged memory, so keep VRD_DISK_BYTES modest.
 */
#pragma once

#include <storport.h>
#include <scsi.h>

#define VRD_TAG             'DRmV'
#define VRD_DISK_BYTES      (32UL * 1024 * 1024)
#define VRD_SECTOR_SIZE     512UL
#define VRD_MAX_TRANSFER    (64UL * 1024)

#define VRD_VENDOR          "HOMELAB "
#define VRD_PRODUCT         "VRAMDISK        "
#define VRD_REVISION        "0.3 "

typedef struct _VRD_ADAPTER {
    PUCHAR  Disk;
    ULONG   DiskBytes;
    ULONG   SectorCount;
    BOOLEAN Ready;
    ULONG   Reads;
    ULONG   Writes;
} VRD_ADAPTER, *PVRD_ADAPTER;

sp_DRIVER_INITIALIZE DriverEntry;

VIRTUAL_HW_FIND_ADAPTER     VrdHwFindAdapter;
HW_INITIALIZE               VrdHwInitialize;
HW_STARTIO                  VrdHwStartIo;
HW_RESET_BUS                VrdHwResetBus;
HW_ADAPTER_CONTROL          VrdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VrdHwFreeAdapterResources;

/* scsi.c */
UCHAR VrdExecuteScsi(_In_ PVRD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);
