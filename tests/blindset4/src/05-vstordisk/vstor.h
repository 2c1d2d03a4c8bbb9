/*
 * vstor.h - VStorDisk, a Storport virtual miniport exposing RAM-backed LUNs.
 */
#pragma once

#include <ntddk.h>
#include <storport.h>
#include <ntddscsi.h>
#include <scsi.h>

#define VS_TAG                  'kDsV'
#define VS_MAX_LUNS             4
#define VS_DEFAULT_LUN_MB       64
#define VS_BLOCK_SIZE           512
#define VS_VENDOR_ID            "CONTOSO "
#define VS_PRODUCT_ID           "VStorDisk       "
#define VS_PRODUCT_REV          "1.40"

typedef struct _VS_LUN {
    BOOLEAN     Present;
    PUCHAR      Image;
    ULONGLONG   Blocks;
    ULONG       ReadCount;
    ULONG       WriteCount;
} VS_LUN, *PVS_LUN;

typedef struct _VS_HBA_EXTENSION {
    LIST_ENTRY      Link;
    ULONG           HbaIndex;
    ULONG           LunCount;
    VS_LUN          Luns[VS_MAX_LUNS];
    KSPIN_LOCK      LunLock;
} VS_HBA_EXTENSION, *PVS_HBA_EXTENSION;

/*
 * Driver-wide state. Allocated in DriverEntry and freed in VsDriverUnload,
 * which chains to the unload routine Storport installed.
 */
typedef struct _VS_DRIVER_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDRIVER_UNLOAD  StorportUnload;
    KSPIN_LOCK      HbaListLock;
    LIST_ENTRY      HbaList;
    ULONG           HbaCount;
    ULONG           LunSizeMB;
    ULONG           LunsPerHba;
    UNICODE_STRING  RegistryPath;
} VS_DRIVER_GLOBALS, *PVS_DRIVER_GLOBALS;

extern PVS_DRIVER_GLOBALS VsGlobals;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VsDriverUnload;

/* hba.c */
ULONG VsHwFindAdapter(_In_ PVOID DeviceExtension, _In_ PVOID HwContext, _In_ PVOID BusInformation,
                      _In_ PVOID LowerDevice, _In_ PCHAR ArgumentString,
                      _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo, _Out_ PBOOLEAN Again);
BOOLEAN VsHwInitialize(_In_ PVOID DeviceExtension);
BOOLEAN VsHwResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId);
SCSI_ADAPTER_CONTROL_STATUS VsHwAdapterControl(_In_ PVOID DeviceExtension,
                      _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType, _In_ PVOID Parameters);
VOID VsHwFreeAdapterResources(_In_ PVOID DeviceExtension);

/* scsi.c */
BOOLEAN VsHwStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb);
