/*
 * ramdisk.h - shared definitions for the RAM disk toy driver
 */
#pragma once

#include <ntddk.h>
#include <ntdddisk.h>

#define RD_TAG            'kDmR'
#define RD_DEVICE_NAME    L"\\Device\\BlindRamDisk0"
#define RD_LINK_NAME      L"\\DosDevices\\R:"

#define RD_SECTOR_SIZE    512
#define RD_DISK_SIZE      (16u * 1024u * 1024u)     /* 16 MB is plenty for FAT */
#define RD_TRACKS_PER_CYL 2
#define RD_SECTORS_PER_TRACK 32

#define RD_LOG(...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[ramdisk] " __VA_ARGS__)

typedef struct _RD_EXTENSION {
    PDEVICE_OBJECT  Self;
    PUCHAR          Image;          /* backing store, nonpaged */
    LARGE_INTEGER   Size;
    DISK_GEOMETRY   Geometry;
    KSPIN_LOCK      Lock;
    volatile LONG   OpenCount;
} RD_EXTENSION, *PRD_EXTENSION;

/* disk_io.c */
DRIVER_DISPATCH RdDispatchCreateClose;
DRIVER_DISPATCH RdDispatchReadWrite;
DRIVER_DISPATCH RdDispatchDeviceControl;

VOID RdFillGeometry(_Inout_ PRD_EXTENSION Ext);
VOID RdWipeImage(_Out_writes_bytes_(Size) PUCHAR Image, _In_ ULONG Size);
