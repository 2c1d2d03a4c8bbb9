// vbus.h -- Orchid MultiIO carrier board bus driver (enumerates the
//           per-slot function PDOs).  WDM, no framework.  (c) Orchid Embedded Ltd.

#pragma once

#include <ntddk.h>
#include <wdmguid.h>
#include <initguid.h>

// {C2A4E6F1-93B5-4D07-8E21-0B5F3A7C91D4}
DEFINE_GUID(GUID_DEVINTERFACE_ORCHID_VBUS,
    0xc2a4e6f1, 0x93b5, 0x4d07, 0x8e, 0x21, 0x0b, 0x5f, 0x3a, 0x7c, 0x91, 0xd4);

#define VB_TAG                  'suBV'
#define VB_MAX_CHILDREN         8
#define VB_DEFAULT_CHILDREN     2
#define VB_HW_ID_FMT            L"OrchidBus\\Slot%02u"
#define VB_COMPAT_ID            L"OrchidBus\\GenericSlot"

#define VB_LOG(fmt, ...)  KdPrint(("[vbus] " fmt "\n", __VA_ARGS__))
#define VB_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVBUS_ID, DPFLTR_ERROR_LEVEL, "[vbus] ERROR " fmt "\n", __VA_ARGS__)

typedef struct _VB_GLOBALS {
    PDRIVER_OBJECT  pDriverObject;
    UNICODE_STRING  ustrRegistryPath;
    ULONG           ulFdoCount;
} VB_GLOBALS, *PVB_GLOBALS;

extern VB_GLOBALS g_VbGlobals;

typedef enum _VB_PNP_STATE {
    VbStateNotStarted = 0, VbStateStarted, VbStateSurpriseRemoved, VbStateDeleted
} VB_PNP_STATE;

typedef struct _VB_COMMON_EXTENSION {
    BOOLEAN         bIsFdo;
    PDEVICE_OBJECT  pSelf;
    VB_PNP_STATE    eState;
} VB_COMMON_EXTENSION, *PVB_COMMON_EXTENSION;

typedef struct _VB_PDO_EXTENSION {
    VB_COMMON_EXTENSION stCommon;
    ULONG               ulSlot;
} VB_PDO_EXTENSION, *PVB_PDO_EXTENSION;

typedef struct _VB_FDO_EXTENSION {
    VB_COMMON_EXTENSION stCommon;
    PDEVICE_OBJECT      pPdo;
    PDEVICE_OBJECT      pLowerDevice;
    UNICODE_STRING      ustrInterfaceName;
    FAST_MUTEX          fmChildLock;
    ULONG               ulChildCount;
    PDEVICE_OBJECT      apChildren[VB_MAX_CHILDREN];
} VB_FDO_EXTENSION, *PVB_FDO_EXTENSION;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   VbAddDevice;
DRIVER_UNLOAD       VbUnload;
_Dispatch_type_(IRP_MJ_PNP)     DRIVER_DISPATCH VbDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)   DRIVER_DISPATCH VbDispatchPower;
NTSTATUS VbFdoPnp(_In_ PDEVICE_OBJECT pFdo, _Inout_ PIRP pIrp);
NTSTATUS VbPdoPnp(_In_ PDEVICE_OBJECT pPdo, _Inout_ PIRP pIrp);
NTSTATUS VbCreateChildPdo(_In_ PVB_FDO_EXTENSION pFdoExt, _In_ ULONG ulSlot, _Out_ PDEVICE_OBJECT *ppPdo);
