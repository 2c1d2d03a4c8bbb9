#pragma once
/*
 * volguard - WDM upper filter on the Volume class. Counts writes and can
 * fail them when the volume is "locked" by the companion tool.
 */
#include <ntddk.h>
#include <ntddvol.h>

#define VG_TAG      'dGoV'

#define VG_TRACE(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "[volguard] " fmt "\n", __VA_ARGS__)
#define VG_INFO  DPFLTR_INFO_LEVEL
#define VG_ERR   DPFLTR_ERROR_LEVEL

typedef struct _VG_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Lower;
    PDEVICE_OBJECT  Pdo;
    IO_REMOVE_LOCK  RemoveLock;
    PULONG          WriteHistogram;      /* 32 buckets, log2(length) */
    volatile LONG   WriteLocked;
    volatile LONG64 Writes;
} VG_EXTENSION, *PVG_EXTENSION;

#define VG_HIST_BUCKETS 32

DRIVER_ADD_DEVICE VgAddDevice;
DRIVER_DISPATCH   VgDispatchPassThrough;
DRIVER_DISPATCH   VgDispatchPnp;
DRIVER_DISPATCH   VgDispatchPower;
DRIVER_DISPATCH   VgDispatchWrite;
DRIVER_UNLOAD     VgUnload;
