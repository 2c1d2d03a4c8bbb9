/*
 * vstor.h - virtual Storport miniport exposing one RAM-backed LUN
 */
#ifndef VSTOR_H
#define VSTOR_H

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VS_TAG              'rtSV'
#define VS_BLOCK_SIZE       512
#define VS_DISK_BYTES       (8 * 1024 * 1024)
#define VS_DISK_BLOCKS      (VS_DISK_BYTES / VS_BLOCK_SIZE)
#define VS_VENDOR_ID        "VSTOR   "
#define VS_PRODUCT_ID       "RAM Disk        "
#define VS_REVISION         "0001"

#define VsLog(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vstor: " fmt "\n", __VA_ARGS__)

typedef struct _VS_GLOBALS {
    PDRIVER_UNLOAD  PortUnload;     /* what Storport put in DriverUnload */
    volatile LONG   AdapterCount;
} VS_GLOBALS, *PVS_GLOBALS;

typedef struct _VS_ADAPTER {
    PUCHAR          Disk;           /* VS_DISK_BYTES, nonpaged */
    ULONG           Blocks;
    BOOLEAN         Ready;
} VS_ADAPTER, *PVS_ADAPTER;

extern PVS_GLOBALS g_VsGlobals;

/* scsi.c */
UCHAR VsExecuteScsi(_In_ PVS_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);

#endif
