/*
 * vhidpad.h
 *
 * Virtual HID macro pad: a root-enumerated HID minidriver that plays back
 * key sequences written to it through a vendor feature report.
 */
#ifndef _VHIDPAD_H_
#define _VHIDPAD_H_

#include <wdm.h>
#include <hidport.h>

#define VHP_TAG                 'dPhV'
#define VHP_MAX_MACRO_KEYS      64
#define VHP_KEY_INTERVAL_MS     8

#define REPORT_ID_KEYBOARD      0x01
#define REPORT_ID_MACRO         0x02

#define GET_MINIDRIVER_DEVICE_EXTENSION(DO) \
    ((PDEVICE_EXTENSION)(((PHID_DEVICE_EXTENSION)(DO)->DeviceExtension)->MiniDeviceExtension))

#define GET_NEXT_DEVICE_OBJECT(DO) \
    (((PHID_DEVICE_EXTENSION)(DO)->DeviceExtension)->NextDeviceObject)

#include <pshpack1.h>
typedef struct _VHP_KEYBOARD_REPORT {
    UCHAR   ReportId;
    UCHAR   Modifiers;
    UCHAR   Reserved;
    UCHAR   Keys[6];
} VHP_KEYBOARD_REPORT, *PVHP_KEYBOARD_REPORT;

typedef struct _VHP_MACRO_REPORT {
    UCHAR   ReportId;
    UCHAR   Count;
    UCHAR   Usages[VHP_MAX_MACRO_KEYS];
} VHP_MACRO_REPORT, *PVHP_MACRO_REPORT;
#include <poppack.h>

typedef struct _VHP_MACRO_ENTRY {
    LIST_ENTRY  Link;
    ULONG       Length;
    UCHAR       Usages[VHP_MAX_MACRO_KEYS];
} VHP_MACRO_ENTRY, *PVHP_MACRO_ENTRY;

typedef enum _VHP_DEVICE_STATE {
    VhpStopped = 0,
    VhpStarted,
    VhpRemoved
} VHP_DEVICE_STATE;

typedef struct _DEVICE_EXTENSION {
    VHP_DEVICE_STATE    State;
    PDEVICE_OBJECT      Self;

    KSPIN_LOCK          Lock;
    LIST_ENTRY          PendingReads;       /* IOCTL_HID_READ_REPORT irps */

    KTIMER              PlaybackTimer;
    KDPC                PlaybackDpc;
    BOOLEAN             TimerArmed;

    LIST_ENTRY          MacroQueue;         /* VHP_MACRO_ENTRY */
    PVHP_MACRO_ENTRY    Current;
    ULONG               MacroPosition;
    BOOLEAN             KeyDown;

    HID_DEVICE_ATTRIBUTES Attributes;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

typedef struct _VHP_GLOBALS {
    UNICODE_STRING  RegistryPath;
    NPAGED_LOOKASIDE_LIST MacroLookaside;
    USHORT          VendorId;
    USHORT          ProductId;
    ULONG           KeyIntervalMs;
} VHP_GLOBALS;

extern VHP_GLOBALS g_Vhp;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_ADD_DEVICE   VhpAddDevice;
DRIVER_UNLOAD       VhpUnload;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH     VhpDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH     VhpDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH     VhpDispatchSystemControl;
_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL)
DRIVER_DISPATCH     VhpDispatchInternalIoctl;

/* hid.c */
VOID VhpStartPlayback(_In_ PDEVICE_EXTENSION Ext);
VOID VhpStopPlayback(_In_ PDEVICE_EXTENSION Ext);
VOID VhpCancelPendingReads(_In_ PDEVICE_EXTENSION Ext, _In_ NTSTATUS Status);
KDEFERRED_ROUTINE VhpPlaybackDpc;

/* registry.c */
NTSTATUS VhpSaveRegistryPath(_In_ PCUNICODE_STRING RegistryPath);
VOID     VhpFreeRegistryPath(VOID);
VOID     VhpReadParameters(VOID);

#endif /* _VHIDPAD_H_ */
