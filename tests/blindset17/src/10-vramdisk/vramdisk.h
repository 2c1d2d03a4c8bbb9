/*++

Module Name:

    vramdisk.h

Abstract:

    Storport virtual miniport exposing one RAM-backed LUN per adapter.

--*/
#pragma once

#include <ntifs.h>
#include <storport.h>
#include <scsi.h>
#include <ntddscsi.h>

#define VRD_TAG                 'DRmV'
#define VRD_VENDOR_ID           "VRAMDISK"
#define VRD_PRODUCT_ID          "Virtual RAM Disk"
#define VRD_PRODUCT_REV         "0102"
#define VRD_SECTOR_SIZE         512
#define VRD_DEFAULT_MB          64
#define VRD_MAX_MB              2048
#define VRD_MAX_TARGETS         1
#define VRD_MAX_LUNS            1

typedef struct _VRD_PARAMETERS {
    ULONG   DiskSizeMB;
    ULONG   ReadOnly;
} VRD_PARAMETERS, *PVRD_PARAMETERS;

typedef struct _VRD_DRIVER_INFO {
    PDRIVER_OBJECT      DriverObject;
    PDRIVER_UNLOAD      StorPortUnload;     /* chained from our unload */
    KSPIN_LOCK          AdapterListLock;
    LIST_ENTRY          AdapterList;
    ULONG               AdapterCount;
    VRD_PARAMETERS      Params;
} VRD_DRIVER_INFO, *PVRD_DRIVER_INFO;

typedef struct _VRD_ADAPTER {
    LIST_ENTRY          Link;
    ULONG               Index;
    PUCHAR              Storage;
    ULONGLONG           StorageBytes;
    ULONG               SectorCount;
    BOOLEAN             ReadOnly;
    BOOLEAN             Removed;
} VRD_ADAPTER, *PVRD_ADAPTER;

extern PVRD_DRIVER_INFO g_VrdDriverInfo;

sp_DRIVER_INITIALIZE DriverEntry;

HW_INITIALIZE               VrdHwInitialize;
HW_STARTIO                  VrdHwStartIo;
HW_RESET_BUS                VrdHwResetBus;
HW_ADAPTER_CONTROL          VrdHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES   VrdHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST  VrdHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP     VrdHwCompleteServiceIrp;

ULONG
VrdHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    );

/* scsi.c */
UCHAR VrdExecuteScsi(_In_ PVRD_ADAPTER Adapter, _Inout_ PSCSI_REQUEST_BLOCK Srb);
