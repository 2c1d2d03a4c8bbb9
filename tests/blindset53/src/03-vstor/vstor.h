/*
 * vstor.h - "vstor" Storport virtual miniport: one virtual HBA, one bus,
 * VS_MAX_LUNS RAM-backed LUNs on target 0.
 */
#ifndef _VSTOR_H_
#define _VSTOR_H_

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VS_TAG                  'rtSV'
#define VS_MAX_LUNS             2
#define VS_LUN_SIZE             (8UL * 1024 * 1024)
#define VS_BLOCK_SIZE           512
#define VS_MAX_TRANSFER         (128 * 1024)
#define VS_VENDOR               "VSTOR   "
#define VS_PRODUCT              "RAM LUN         "
#define VS_REVISION             "0.9 "

#define VS_DBG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "vstor: " fmt "\n", __VA_ARGS__)
#define VS_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vstor: ERROR " fmt "\n", __VA_ARGS__)

/* one per loaded driver */
typedef struct _VS_DRIVER_INFO {
    PDRIVER_OBJECT  DriverObject;
    PDRIVER_UNLOAD  PortUnload;         /* storport's unload, we chain to it */
    KSPIN_LOCK      AdapterLock;
    LIST_ENTRY      AdapterList;
    ULONG           AdapterCount;
} VS_DRIVER_INFO, *PVS_DRIVER_INFO;

/* HwDeviceExtension */
typedef struct _VS_ADAPTER {
    LIST_ENTRY      Link;
    ULONG           Index;
    BOOLEAN         Stopped;
    PUCHAR          LunImage[VS_MAX_LUNS];
    ULONG           LunBlocks;
} VS_ADAPTER, *PVS_ADAPTER;

typedef struct _VS_LU_EXT {
    ULONG           Reads;
    ULONG           Writes;
} VS_LU_EXT, *PVS_LU_EXT;

extern PVS_DRIVER_INFO g_VsDrv;

/* scsi.c */
BOOLEAN VsHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb);

#endif
