/*
 * wmidev.h - WmiDev: function driver for the (virtual) telemetry board.
 * Publishes a device interface and a WMI data block per device.
 */
#pragma once

#include <ntddk.h>
#include <initguid.h>
#include <wmilib.h>
#include <wdmguid.h>

#define WD_TAG          'vDmW'

/* {A6C4E1F2-3B7D-4E90-8C15-7F2A9D3E6B41} */
DEFINE_GUID(GUID_DEVINTERFACE_WMIDEV,
    0xa6c4e1f2, 0x3b7d, 0x4e90, 0x8c, 0x15, 0x7f, 0x2a, 0x9d, 0x3e, 0x6b, 0x41);

/* {D17B5A30-94C2-4F6E-B0A8-25E3C71F9D08}  WmiDev_Counters */
DEFINE_GUID(WMIDEV_COUNTERS_GUID,
    0xd17b5a30, 0x94c2, 0x4f6e, 0xb0, 0xa8, 0x25, 0xe3, 0xc7, 0x1f, 0x9d, 0x08);

#define WD_DBG(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "WmiDev: " fmt "\n", __VA_ARGS__))

typedef enum _WD_PNP_STATE {
    WdNotStarted = 0,
    WdStarted,
    WdStopPending,
    WdSurpriseRemoved,
    WdDeleted
} WD_PNP_STATE;

typedef struct _WD_COUNTERS {           /* matches the MOF class */
    ULONG OpenCount;
    ULONG StartCount;
    ULONG ProfileChanges;
} WD_COUNTERS;

typedef struct _WD_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  Lower;
    IO_REMOVE_LOCK  RemoveLock;
    WD_PNP_STATE    PnpState;
    UNICODE_STRING  InterfaceName;
    WMILIB_CONTEXT  WmiLib;
    BOOLEAN         WmiRegistered;
    WD_COUNTERS     Counters;
} WD_EXTENSION, *PWD_EXTENSION;

typedef struct _WD_GLOBALS {
    UNICODE_STRING  RegistryPath;       /* copy; WMI asks for it */
    PVOID           ProfileNotifyEntry;
    volatile LONG   ProfileChanges;
} WD_GLOBALS;

extern WD_GLOBALS g_Wd;

/* pnp.c */
DRIVER_ADD_DEVICE WdAddDevice;
DRIVER_DISPATCH   WdDispatchPnp;
DRIVER_DISPATCH   WdDispatchPower;

/* wmi.c */
VOID     WdWmiInit(_Inout_ PWD_EXTENSION Ext);
NTSTATUS WdWmiRegister(_Inout_ PWD_EXTENSION Ext);
VOID     WdWmiDeregister(_Inout_ PWD_EXTENSION Ext);
DRIVER_DISPATCH WdDispatchSystemControl;
