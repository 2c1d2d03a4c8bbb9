/*
 * vdisk.h - VDisk: Storport virtual miniport exposing one RAM-backed
 *           disk (LUN 0) per virtual adapter.  Toy for learning the
 *           SCSI command path, not for production data.
 */
#pragma once

#include <storport.h>

#define VD_TAG              'ksDV'
#define VD_SECTOR_SIZE      512
#define VD_DISK_BYTES       (16 * 1024 * 1024)
#define VD_SECTORS          (VD_DISK_BYTES / VD_SECTOR_SIZE)
#define VD_MAX_TRANSFER     (128 * 1024)

#define VD_VENDOR           "HOBBY   "
#define VD_PRODUCT          "VDISK RAMDISK   "
#define VD_REVISION         "0001"

typedef struct _VD_ADAPTER {
    PUCHAR  Storage;
    ULONG   Sectors;
    BOOLEAN Stopped;
    ULONG   Reads;
    ULONG   Writes;
} VD_ADAPTER, *PVD_ADAPTER;

UCHAR VdExecuteScsi(_In_ PVD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);
