/*
 * ramdisk.h - "rdisk", a storport virtual miniport that exposes a RAM disk
 *
 * Toy project: learning how storport virtual miniports work. One adapter,
 * one target, one LUN, backed by nonpaged pool. Size comes from the
 * DriverParameter string in the INF ("DiskSizeMB=64").
 */
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define RD_TAG                  'ksDR'
#define RD_SECTOR_SIZE          512
#define RD_DEFAULT_SIZE_MB      64
#define RD_MAX_SIZE_MB          1024
#define RD_MAX_TRANSFER         (128 * 1024)

#define RD_VENDOR_ID            "RDISK   "
#define RD_PRODUCT_ID           "RAM Disk        "
#define RD_PRODUCT_REV          "0.3 "

#define RdLog(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "rdisk: " fmt "\n", __VA_ARGS__)

typedef struct _RD_ADAPTER {
    PUCHAR      Disk;           /* the "platter" */
    ULONG64     DiskBytes;
    ULONG64     SectorCount;
    ULONG       ReadCount;
    ULONG       WriteCount;
    BOOLEAN     Stopped;
} RD_ADAPTER, *PRD_ADAPTER;

/* ramdisk.c */
sp_DRIVER_INITIALIZE DriverEntry;
VIRTUAL_HW_FIND_ADAPTER RdHwFindAdapter;
HW_INITIALIZE RdHwInitialize;
HW_STARTIO RdHwStartIo;
HW_RESET_BUS RdHwResetBus;
HW_ADAPTER_CONTROL RdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES RdHwFreeAdapterResources;

/* scsi.c */
UCHAR RdExecuteScsi(_In_ PRD_ADAPTER Adapter, _In_ PSCSI_REQUEST_BLOCK Srb);
