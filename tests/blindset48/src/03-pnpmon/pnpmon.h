/* pnpmon.h - PnpMon: tracks volume/disk interfaces, counters over WMI. */
#pragma once

#include <ntddk.h>
#include <initguid.h>
#include <wmilib.h>
#include <wdmguid.h>
#include <ntddstor.h>

#define PNM_TAG            'mnPP'
#define PNM_REC_TAG        'rnPP'
#define PNM_DEVICE_NAME    L"\\Device\\PnpMon"
#define PNM_LINK_NAME      L"\\DosDevices\\PnpMon"

/* build options */
#define PNM_WATCH_DISKS    1
#define PNM_MAX_RECORDS    256

#if DBG
#define PNM_DBG(fmt, ...)  DbgPrint("PnpMon: " fmt "\n", __VA_ARGS__)
#else
#define PNM_DBG(fmt, ...)  ((void)0)
#endif

/* {8E1F7A52-3C0B-4D3E-9B7E-2A64C1D0F913} */
DEFINE_GUID(PNM_WMI_STATS_GUID,
    0x8e1f7a52, 0x3c0b, 0x4d3e, 0x9b, 0x7e, 0x2a, 0x64, 0xc1, 0xd0, 0xf9, 0x13);

typedef enum _PNM_CLASS {
    PnmClassVolume = 0,
    PnmClassDisk,
    PnmClassMax
} PNM_CLASS;

typedef struct _PNM_RECORD {
    LIST_ENTRY     Link;
    PNM_CLASS      Class;
    LARGE_INTEGER  ArrivalTime;
    UNICODE_STRING SymbolicLink;        /* points into Buffer */
    WCHAR          Buffer[1];
} PNM_RECORD, *PPNM_RECORD;

typedef struct _PNM_WMI_STATS {        /* layout must match the MOF */
    ULONG Arrivals;
    ULONG Removals;
    ULONG Tracked;
    ULONG Overflow;
} PNM_WMI_STATS;

typedef struct _PNM_GLOBALS {
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;
    BOOLEAN         WmiRegistered;
    UNICODE_STRING  RegistryPath;       /* copy, handed to WMI */
    WMILIB_CONTEXT  WmiLib;

    PVOID           NotifyEntry[PnmClassMax];

    FAST_MUTEX      TrackerLock;
    LIST_ENTRY      TrackerList;
    PNM_WMI_STATS   Stats;
} PNM_GLOBALS;

extern PNM_GLOBALS g_Pnm;

/* pnp.c */
VOID     PnmTrackerInit(VOID);
VOID     PnmTrackerUninit(VOID);
NTSTATUS PnmPnpRegister(_In_ PDRIVER_OBJECT DriverObject);
VOID     PnmPnpUnregister(VOID);

/* wmi.c */
NTSTATUS PnmWmiRegister(_In_ PDEVICE_OBJECT DeviceObject);
VOID     PnmWmiDeregister(_In_ PDEVICE_OBJECT DeviceObject);
DRIVER_DISPATCH PnmDispatchSystemControl;
