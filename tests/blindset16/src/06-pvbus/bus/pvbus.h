/*
 * pvbus.h - paravirtual bus driver: enumerates the devices the hypervisor
 * exposes through the shared-info page (vif, vbd, console, balloon).
 *
 * Copyright (c) PV Drivers for Windows contributors.
 * SPDX-License-Identifier: BSD-2-Clause
 */

#ifndef _PVBUS_H
#define _PVBUS_H

#include <ntddk.h>
#include <wdmguid.h>
#include "../lib/pvlib.h"

#define PVBUS_TAG               'suBP'
#define PVBUS_MAX_CHILDREN      16
#define PVBUS_CHILD_NAME_MAX    16

typedef enum _DEVICE_PNP_STATE {
    NotStarted = 0,
    Started,
    StopPending,
    Stopped,
    RemovePending,
    SurpriseRemovePending,
    Deleted
} DEVICE_PNP_STATE;

typedef enum _PV_OBJECT_TYPE {
    PvObjectFdo = 0x46444f20,       /* "FDO " */
    PvObjectPdo = 0x50444f20        /* "PDO " */
} PV_OBJECT_TYPE;

typedef struct _PV_COMMON_EXTENSION {
    PV_OBJECT_TYPE      Type;
    PDEVICE_OBJECT      Self;
    DEVICE_PNP_STATE    PnpState;
} PV_COMMON_EXTENSION, *PPV_COMMON_EXTENSION;

typedef struct _PV_FDO_EXTENSION {
    PV_COMMON_EXTENSION Common;
    PDEVICE_OBJECT      LowerDevice;
    PDEVICE_OBJECT      Pdo;
    IO_REMOVE_LOCK      RemoveLock;
    FAST_MUTEX          ChildLock;
    ULONG               ChildCount;
    PDEVICE_OBJECT      Children[PVBUS_MAX_CHILDREN];
} PV_FDO_EXTENSION, *PPV_FDO_EXTENSION;

typedef struct _PV_PDO_EXTENSION {
    PV_COMMON_EXTENSION Common;
    PPV_FDO_EXTENSION   Parent;
    CHAR                Name[PVBUS_CHILD_NAME_MAX];
    ULONG               Instance;
    BOOLEAN             Present;
    BOOLEAN             ReportedMissing;
} PV_PDO_EXTENSION, *PPV_PDO_EXTENSION;

typedef struct _PVBUS_PARAMETERS {
    BOOLEAN     DumpOnCrash;
    BOOLEAN     EnumerateConsole;
    ULONG       MaxVifs;
} PVBUS_PARAMETERS;

/*
 * Shared-info page layout as seen by the guest.
 */
typedef struct _PV_SHARED_DEVICE {
    CHAR    Name[PVBUS_CHILD_NAME_MAX];
    ULONG   Instance;
    ULONG   Flags;
} PV_SHARED_DEVICE;

typedef struct _PV_SHARED_INFO {
    ULONG               Magic;
    ULONG               DeviceCount;
    PV_SHARED_DEVICE    Devices[PVBUS_MAX_CHILDREN];
} PV_SHARED_INFO, *PPV_SHARED_INFO;

#define PV_SHARED_INFO_MAGIC    0x50564249  /* "PVBI" */

typedef struct _PVBUS_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    UNICODE_STRING      RegistryPath;
    PVBUS_PARAMETERS    Params;
    PV_HYPERCALL        Hypercall;
    PPV_SHARED_INFO     SharedInfo;
    PHYSICAL_ADDRESS    SharedInfoPa;
    KBUGCHECK_REASON_CALLBACK_RECORD BugCheckRecord;
    BOOLEAN             BugCheckRegistered;
} PVBUS_GLOBALS, *PPVBUS_GLOBALS;

extern PVBUS_GLOBALS PvBusGlobals;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;

/* fdo.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PvBusGlobalsInit(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PCUNICODE_STRING RegistryPath
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PvBusGlobalsFini(
    VOID
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PvBusSharedInfoMap(
    _Inout_ PPVBUS_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PvBusSharedInfoUnmap(
    _Inout_ PPVBUS_GLOBALS Globals
    );

DRIVER_ADD_DEVICE PvBusAddDevice;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH PvBusDispatchPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH PvBusDispatchPower;

_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH PvBusDispatchSystemControl;

/* debug.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PvDebugInit(
    _Inout_ PPVBUS_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PvDebugFini(
    _Inout_ PPVBUS_GLOBALS Globals
    );

#endif /* _PVBUS_H */
