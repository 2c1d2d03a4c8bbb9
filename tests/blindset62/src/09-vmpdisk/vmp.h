/*
 * vmp.h - "vmpdisk", a storport virtual miniport presenting RAM disks.
 * Every adapter instance gets its own disk; sizes come from the service key.
 */
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <scsi.h>

#define VMP_TAG             'pmVD'
#define VMP_SECTOR          512
#define VMP_DEFAULT_MB      64
#define VMP_MAX_MB          2048
#define VMP_MAX_XFER        (256 * 1024)

#define VMP_ERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vmpdisk: " fmt "\n", __VA_ARGS__)
#define VMP_INFO(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "vmpdisk: " fmt "\n", __VA_ARGS__)

typedef struct _VMP_DRIVER {
    PDRIVER_UNLOAD  PortUnload;
    UNICODE_STRING  RegistryPath;   /* private copy, the caller's goes away */
    KSPIN_LOCK      Lock;
    LIST_ENTRY      Adapters;
    ULONG           NextIndex;
} VMP_DRIVER, *PVMP_DRIVER;

typedef struct _VMP_ADAPTER {
    LIST_ENTRY  Link;
    ULONG       Index;
    PUCHAR      Disk;
    ULONG       Sectors;
    BOOLEAN     Stopped;
} VMP_ADAPTER, *PVMP_ADAPTER;

extern PVMP_DRIVER g_Vmp;

/* miniport.c */
VIRTUAL_HW_FIND_ADAPTER     VmpFindAdapter;
HW_INITIALIZE               VmpInitialize;
HW_STARTIO                  VmpStartIo;
HW_RESET_BUS                VmpResetBus;
HW_ADAPTER_CONTROL          VmpAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VmpFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VmpProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VmpCompleteServiceIrp;
