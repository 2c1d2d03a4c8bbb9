#pragma once
/*
 * vstorport - Storport virtual miniport exposing one "null disk"
 * (reads return zeroes, writes are discarded). Used to benchmark the
 * storage stack without real media. Port of an old SCSIport toy.
 */
#include <ntddk.h>
#include <storport.h>

#define VS_TAG            'rtSV'
#define VS_BLOCK_SIZE     512
#define VS_DEFAULT_BLOCKS (2ULL * 1024 * 1024 * 2)   /* 2 GiB */
#define VS_MAX_TRANSFER   (1024 * 1024)

#define VS_VENDOR   "VSTOR   "
#define VS_PRODUCT  "NullDisk        "
#define VS_REVISION "0001"

#define VS_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vstor: " fmt "\n", __VA_ARGS__)

typedef struct _VS_HBA {
    LIST_ENTRY  Link;
    ULONGLONG   BlockCount;
    ULONG       Index;
    BOOLEAN     Stopped;
} VS_HBA, *PVS_HBA;

typedef struct _VS_DRIVER {
    PDRIVER_OBJECT  DriverObject;
    PDRIVER_UNLOAD  PortUnload;     /* Storport's own unload, chained */
    KSPIN_LOCK      Lock;
    LIST_ENTRY      Adapters;
    ULONG           AdapterCount;
    ULONGLONG       BlockCount;
} VS_DRIVER, *PVS_DRIVER;

extern PVS_DRIVER g_Vs;

/* hw.c */
HW_INITIALIZE                VsHwInitialize;
HW_STARTIO                   VsHwStartIo;
VIRTUAL_HW_FIND_ADAPTER      VsHwFindAdapter;
HW_RESET_BUS                 VsHwResetBus;
HW_ADAPTER_CONTROL           VsHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES    VsHwFreeAdapterResources;
