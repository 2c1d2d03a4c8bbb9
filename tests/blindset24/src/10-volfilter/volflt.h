/*++

Module Name:

    volflt.h

Abstract:

    Volume class upper filter that accounts read/write traffic per volume.
    The counters of a volume are returned by IOCTL_VF_QUERY_STATS sent to
    that volume, and logged on every system sleep transition.

    Installed under
    HKLM\SYSTEM\CurrentControlSet\Control\Class\{71a27cdd-812a-11d0-bec7-08002be2092f}\UpperFilters

Environment:

    Kernel mode only.

--*/

#pragma once

#include <ntddk.h>
#include <wdmsec.h>
#include <ntddvol.h>

#define VF_TAG_GLOBAL       'gfoV'
#define VF_TAG_IOCTX        'ifoV'

#define IOCTL_VF_QUERY_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

//
// Which parts of driver initialization have completed.  VfTeardown undoes
// exactly the bits that are set, in reverse order of acquisition, so it can
// run from any DriverEntry failure point and from DriverUnload.
//

#define VF_INIT_REGPATH         0x00000001
#define VF_INIT_RESOURCE        0x00000002
#define VF_INIT_LOOKASIDE       0x00000004
#define VF_INIT_POWER_OBJECT    0x00000008
#define VF_INIT_POWER_CALLBACK  0x00000010

typedef struct _VF_FILTER_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  LowerDevice;
    PDEVICE_OBJECT  PhysicalDevice;
    IO_REMOVE_LOCK  RemoveLock;
    LIST_ENTRY      GlobalLink;         // VfGlobals.FilterList, under FilterListLock

    ULONG           VolumeNumber;
    volatile LONG64 ReadBytes;
    volatile LONG64 WriteBytes;
    volatile LONG64 ReadCount;
    volatile LONG64 WriteCount;
    volatile LONG64 Failed;
} VF_FILTER_EXTENSION, *PVF_FILTER_EXTENSION;

//
// Per-request context, allocated from the global lookaside list in the
// read/write path and released by the completion routine.
//

typedef struct _VF_IO_CONTEXT {
    PVF_FILTER_EXTENSION Extension;
    ULONGLONG            StartTime;
    BOOLEAN              IsWrite;
} VF_IO_CONTEXT, *PVF_IO_CONTEXT;

typedef struct _VF_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    ULONG                   InitFlags;

    UNICODE_STRING          RegistryPath;       // private copy, VF_TAG_GLOBAL
    ULONG                   TraceLevel;

    NPAGED_LOOKASIDE_LIST   IoContextLookaside;

    PCALLBACK_OBJECT        PowerStateObject;   // referenced by ExCreateCallback
    PVOID                   PowerCallbackHandle;

    ERESOURCE               FilterListLock;
    LIST_ENTRY              FilterList;
    ULONG                   FilterCount;
} VF_GLOBALS, *PVF_GLOBALS;

extern VF_GLOBALS VfGlobals;

typedef struct _VF_VOLUME_STATS {
    ULONG   VolumeNumber;
    ULONG   Reserved;
    LONG64  ReadBytes;
    LONG64  WriteBytes;
    LONG64  ReadCount;
    LONG64  WriteCount;
    LONG64  Failed;
} VF_VOLUME_STATS, *PVF_VOLUME_STATS;

#define VF_TRACE(_lvl, _fmt, ...)                                            \
    do {                                                                     \
        if (VfGlobals.TraceLevel >= (_lvl)) {                                \
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,              \
                       "volflt: " _fmt "\n", __VA_ARGS__);                   \
        }                                                                    \
    } while (0)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VfUnload;

//
// pnp.c
//
DRIVER_ADD_DEVICE VfAddDevice;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH VfDispatchPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH VfDispatchPower;

//
// io.c
//
DRIVER_DISPATCH VfDispatchPassThrough;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH VfDispatchReadWrite;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH VfDispatchDeviceControl;

VOID
VfLogAllVolumes(
    _In_z_ PCSTR Reason
    );
