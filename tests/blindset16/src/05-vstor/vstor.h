/**************************************************************************
 *
 *  vstor.h - Virtual Storport miniport: memory-backed LUNs on a
 *            software-only adapter.
 *
 *  Copyright (c) vstor authors. Distributed under the MIT license.
 *
 **************************************************************************/

#pragma once

#include <ntddk.h>
#include <storport.h>
#include <devioctl.h>
#include <ntddscsi.h>
#include <scsi.h>

#define VS_TAG_GLOBALS      'GsvV'
#define VS_TAG_REGPATH      'RsvV'
#define VS_TAG_LUN          'LsvV'
#define VS_TAG_MEDIA        'MsvV'

#define VS_VENDOR_ID        "VSTOR   "
#define VS_PRODUCT_ID       "Virtual Disk    "
#define VS_PRODUCT_REV      "0100"

#define VS_MAX_TARGETS      1
#define VS_MAX_LUNS         8
#define VS_SECTOR_SIZE      512
#define VS_DEFAULT_SIZE_MB  64
#define VS_MAX_SIZE_MB      1024
#define VS_MAX_TRANSFER     (1024 * 1024)
#define VS_NUMBER_OF_BUSES  1

/* Trace helper: only compiled into checked builds. */
#if DBG
#define VsDbg(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_SCSIMINIPORT_ID, (lvl), "vstor!%s: " fmt "\n", __FUNCTION__, ##__VA_ARGS__)
#else
#define VsDbg(lvl, fmt, ...)
#endif

/* Return-on-failure helper used by the parameter readers. */
#define VS_CHECK(expr)                      \
    do {                                    \
        NTSTATUS _s = (expr);               \
        if (!NT_SUCCESS(_s)) {              \
            VsDbg(DPFLTR_ERROR_LEVEL, "%s -> 0x%08x", #expr, _s); \
            return _s;                      \
        }                                   \
    } while (0)

typedef struct _VS_PARAMETERS {
    ULONG   LunCount;
    ULONG   DiskSizeMB;
    BOOLEAN ReadOnly;
    BOOLEAN ZeroOnAttach;
} VS_PARAMETERS, *PVS_PARAMETERS;

/*
 * One per loaded driver. Allocated in DriverEntry and reachable from every
 * adapter through HwContext.
 */
typedef struct _VS_DRIVER_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    UNICODE_STRING      RegistryPath;       /* pool copy, VS_TAG_REGPATH */
    PDRIVER_UNLOAD      StorPortUnload;     /* chained from VsDriverUnload */
    KSPIN_LOCK          AdapterListLock;
    LIST_ENTRY          AdapterList;
    volatile LONG       AdapterCount;
    VS_PARAMETERS       Params;
} VS_DRIVER_GLOBALS, *PVS_DRIVER_GLOBALS;

extern PVS_DRIVER_GLOBALS g_VsGlobals;

typedef struct _VS_LUN {
    UCHAR       Lun;
    BOOLEAN     Present;
    BOOLEAN     ReadOnly;
    ULONGLONG   BlockCount;
    PUCHAR      Media;                      /* VS_TAG_MEDIA */
    KSPIN_LOCK  Lock;
} VS_LUN, *PVS_LUN;

typedef struct _VS_ADAPTER {
    LIST_ENTRY          Link;
    PVS_DRIVER_GLOBALS  Globals;
    ULONG               Index;
    ULONG               LunCount;
    VS_LUN              Luns[VS_MAX_LUNS];
    volatile LONG       OutstandingSrbs;
    BOOLEAN             Removed;
} VS_ADAPTER, *PVS_ADAPTER;

typedef struct _VS_LU_EXTENSION {
    PVS_LUN Lun;
} VS_LU_EXTENSION, *PVS_LU_EXTENSION;

/* entry.c */
DRIVER_INITIALIZE DriverEntry;

/* adapter.c */
HW_INITIALIZE                   VsHwInitialize;
HW_RESET_BUS                    VsHwResetBus;
HW_ADAPTER_CONTROL              VsHwAdapterControl;
HW_FREE_ADAPTER_RESOURCES       VsHwFreeAdapterResources;
HW_PROCESS_SERVICE_REQUEST      VsHwProcessServiceRequest;
HW_COMPLETE_SERVICE_IRP         VsHwCompleteServiceIrp;

ULONG
VsHwFindAdapter(
    _In_ PVOID DeviceExtension,
    _In_ PVOID HwContext,
    _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice,
    _In_ PCHAR ArgumentString,
    _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
    _Out_ PBOOLEAN Again
    );

/* io.c */
HW_STARTIO                      VsHwStartIo;

/* lun.c */
NTSTATUS
VsLunCreateAll(
    _Inout_ PVS_ADAPTER Adapter,
    _In_ const VS_PARAMETERS *Params
    );

VOID
VsLunDestroyAll(
    _Inout_ PVS_ADAPTER Adapter
    );

PVS_LUN
VsLunLookup(
    _In_ PVS_ADAPTER Adapter,
    _In_ UCHAR PathId,
    _In_ UCHAR TargetId,
    _In_ UCHAR Lun
    );
