/*++
    vramdisk - Storport virtual miniport exposing one RAM-backed LUN.
--*/
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VRD_TAG             'dRmV'
#define VRD_SECTOR_SIZE     512
#define VRD_DEFAULT_MB      64
#define VRD_MAX_TRANSFER    (128 * 1024)

#define VRD_VENDOR          "KESTREL "
#define VRD_PRODUCT         "VRAMDISK        "
#define VRD_REVISION        "0102"

typedef struct _VRD_ADAPTER {
    PUCHAR      Disk;
    ULONGLONG   DiskBytes;
    ULONG       SectorCount;
    BOOLEAN     Removed;
} VRD_ADAPTER, *PVRD_ADAPTER;

sp_DRIVER_INITIALIZE DriverEntry;

VIRTUAL_HW_FIND_ADAPTER     VrdFindAdapter;
HW_INITIALIZE               VrdHwInitialize;
HW_STARTIO                  VrdStartIo;
HW_RESET_BUS                VrdResetBus;
HW_ADAPTER_CONTROL          VrdAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VrdFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VrdProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VrdCompleteServiceIrp;

// scsi.c
UCHAR VrdExecuteScsi(_In_ PVRD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);
