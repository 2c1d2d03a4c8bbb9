/*
 * vstor.h - vstor, a Storport virtual miniport exposing one RAM-backed LUN.
 */
#ifndef _VSTOR_H_
#define _VSTOR_H_

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VS_TAG                  'rtSV'
#define VS_SECTOR_SIZE          512
#define VS_DEFAULT_SIZE_MB      16
#define VS_MAX_SIZE_MB          256
#define VS_MAX_TRANSFER         (64 * 1024)

#define VS_VENDOR_ID            "VSTOR   "
#define VS_PRODUCT_ID           "RAM DISK        "
#define VS_PRODUCT_REV          "0100"

#if DBG
#define VsTrace(...) DbgPrintEx(DPFLTR_SCSIMINIPORT_ID, DPFLTR_INFO_LEVEL, "vstor: " __VA_ARGS__)
#else
#define VsTrace(...)
#endif

/* driver-wide settings, read once in DriverEntry */
typedef struct _VS_DRIVER_GLOBALS {
    PDRIVER_UNLOAD  PortUnload;         /* Storport's unload, chained from ours */
    PWSTR           ParametersPath;     /* private copy of the service key path */
    ULONG           DiskSizeMb;
} VS_DRIVER_GLOBALS;

extern VS_DRIVER_GLOBALS g_Vs;

typedef struct _VS_ADAPTER {
    PUCHAR      Disk;                   /* StorPortAllocatePool'd backing store */
    ULONGLONG   DiskBytes;
    ULONG       SectorCount;
    BOOLEAN     Ready;
} VS_ADAPTER, *PVS_ADAPTER;

/* vstor.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     VsUnload;

/* scsi.c */
VOID VsHandleSrb(_In_ PVS_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);

#endif
