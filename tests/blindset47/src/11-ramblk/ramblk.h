#ifndef RAMBLK_H
#define RAMBLK_H

#include "os.h"

#define RB_DEVICE_NAME      L"\\Device\\RamBlk0"
#define RB_LINK_NAME        L"\\DosDevices\\RamBlk0"
#define RB_DEFAULT_MB       16
#define RB_MAX_MB           512
#define RB_SECTOR           512
#define RB_STATS_PERIOD_MS  1000

typedef struct _RB_GLOBALS {
    UNICODE_STRING  RegPath;        /* our own copy of the service key path */
    ULONG           SizeMb;

    PUCHAR          Disk;
    ULONGLONG       DiskBytes;
    os_lock         Lock;

    PDEVICE_OBJECT  Device;

    os_tick         Stats;
    volatile LONG64 BytesIo;        /* since the last tick */
    LONG64          PeakBps;
} RB_GLOBALS;

extern RB_GLOBALS g_rb;

/* io.c */
DRIVER_DISPATCH RbCreateClose;
DRIVER_DISPATCH RbReadWrite;
DRIVER_DISPATCH RbDeviceControl;

#endif
