/*
 * vramdisk - Storport virtual miniport exposing a RAM backed disk.
 *
 * weekend project, loosely following the MSDN virtual miniport docs.
 */
#pragma once

#include <storport.h>
#include <scsi.h>

#define RD_TAG              'ksDR'
#define RD_SECTOR_SIZE      512
#define RD_DISK_MB          64
#define RD_VENDOR_ID        "VRAMDISK"
#define RD_PRODUCT_ID       "Virtual RAM Disk"
#define RD_PRODUCT_REV      "0.3 "

#define RD_LOG(fmt, ...)    StorPortDebugPrint(0, "vramdisk: " fmt "\n", __VA_ARGS__)

typedef struct _RD_ADAPTER {
    PUCHAR      Image;          /* backing store */
    ULONG       ImageBytes;
    ULONG       SectorCount;
    BOOLEAN     Stopped;
} RD_ADAPTER, *PRD_ADAPTER;

/* miniport.c */
sp_DRIVER_INITIALIZE            DriverEntry;
VIRTUAL_HW_FIND_ADAPTER         RdHwFindAdapter;
HW_INITIALIZE                   RdHwInitialize;
HW_STARTIO                      RdHwStartIo;
HW_RESET_BUS                    RdHwResetBus;
HW_ADAPTER_CONTROL              RdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES       RdHwFreeAdapterResources;

/* scsi.c */
UCHAR RdExecuteScsi(_In_ PRD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);
