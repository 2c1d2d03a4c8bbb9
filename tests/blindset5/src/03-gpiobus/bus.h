/*++

Module Name:

    bus.h

Abstract:

    Common definitions for the SensorHub GPIO expander bus driver.  The
    FDO enumerates one child PDO per expander pin bank listed in the
    hardware key.

Environment:

    Kernel mode only.

--*/
#pragma once

#include <ntddk.h>
#include <wdmguid.h>

#define SHBUS_POOL_TAG      'BhSs'
#define SHBUS_MAX_CHILDREN  8

typedef enum _SHBUS_DEVICE_KIND {
    ShBusFdo = 1,
    ShBusPdo
} SHBUS_DEVICE_KIND;

typedef struct _SHBUS_COMMON_EXTENSION {
    SHBUS_DEVICE_KIND   Kind;
    PDEVICE_OBJECT      Self;
    DEVICE_POWER_STATE  DevicePowerState;
} SHBUS_COMMON_EXTENSION, *PSHBUS_COMMON_EXTENSION;

typedef struct _SHBUS_CHILD_DESC {
    LIST_ENTRY  Link;
    ULONG       BankNumber;
    ULONG       PinCount;
    PDEVICE_OBJECT Pdo;
} SHBUS_CHILD_DESC, *PSHBUS_CHILD_DESC;

typedef struct _SHBUS_FDO_EXTENSION {
    SHBUS_COMMON_EXTENSION Common;
    PDEVICE_OBJECT  UnderlyingPdo;
    PDEVICE_OBJECT  NextLower;
    FAST_MUTEX      ChildLock;
    LIST_ENTRY      ChildList;
    ULONG           ChildCount;
} SHBUS_FDO_EXTENSION, *PSHBUS_FDO_EXTENSION;

typedef struct _SHBUS_PDO_EXTENSION {
    SHBUS_COMMON_EXTENSION Common;
    PSHBUS_FDO_EXTENSION   Parent;
    PSHBUS_CHILD_DESC      Desc;
    BOOLEAN                Present;
    BOOLEAN                ReportedMissing;
} SHBUS_PDO_EXTENSION, *PSHBUS_PDO_EXTENSION;

//
// Driver-wide globals (bus.c).
//
typedef struct _SHBUS_GLOBALS {
    UNICODE_STRING          RegistryPath;
    NPAGED_LOOKASIDE_LIST   ChildDescLookaside;
    BOOLEAN                 LookasideReady;
} SHBUS_GLOBALS;

extern SHBUS_GLOBALS ShBusGlobals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE ShBusAddDevice;
DRIVER_UNLOAD     ShBusUnload;

_Dispatch_type_(IRP_MJ_PNP)   DRIVER_DISPATCH ShBusDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH ShBusDispatchPower;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ShBusCreateClose;

NTSTATUS ShBusCreateChildPdo(_In_ PSHBUS_FDO_EXTENSION FdoExt, _In_ ULONG Bank, _In_ ULONG Pins);
VOID     ShBusDestroyChildPdo(_In_ PSHBUS_PDO_EXTENSION PdoExt);
NTSTATUS ShBusPdoPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
