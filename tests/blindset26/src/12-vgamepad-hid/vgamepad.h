/*++

Module Name:    vgamepad.h

Abstract:       VGamepad - WDM HID minidriver (under hidclass.sys) for a
                root-enumerated virtual gamepad used by the input QA rigs. It
                produces a deterministic test pattern at a configurable rate.
--*/

#pragma once

#include <wdm.h>
#include <hidport.h>
#include <ntstrsafe.h>

#define VGP_POOL_TAG                'dpGV'

#define VGP_DEFAULT_VENDOR_ID       0x1209      /* pid.codes test VID */
#define VGP_DEFAULT_PRODUCT_ID      0x7A11
#define VGP_VERSION_NUMBER          0x0102
#define VGP_DEFAULT_INTERVAL_MS     16
#define VGP_MIN_INTERVAL_MS         4
#define VGP_MAX_INTERVAL_MS         1000

#define VGP_REPORT_ID               1

#define VgpTrace(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "VGamepad!%s: " _fmt "\n", __FUNCTION__, __VA_ARGS__)
#define VgpError(_fmt, ...)     VgpTrace(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define VgpInfo(_fmt, ...)      VgpTrace(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

#include <pshpack1.h>
typedef struct _VGP_INPUT_REPORT {
    UCHAR   ReportId;
    UCHAR   Buttons;
    CHAR    X;
    CHAR    Y;
} VGP_INPUT_REPORT, *PVGP_INPUT_REPORT;
#include <poppack.h>

// Driver-wide state; RegistryPath is a private copy (the DriverEntry
// argument does not outlive DriverEntry).
typedef struct _VGP_GLOBALS {
    BOOLEAN         Initialized;
    UNICODE_STRING  RegistryPath;
    ULONG           IntervalMs;
    USHORT          VendorId;
    USHORT          ProductId;
    volatile LONG   DeviceCount;
} VGP_GLOBALS, *PVGP_GLOBALS;

extern VGP_GLOBALS g_Vgp;

// Minidriver part of the hidclass extension (HID_DEVICE_EXTENSION::MiniDeviceExtension).
typedef struct _VGP_DEVICE_EXTENSION {
    PDEVICE_OBJECT      Self;
    BOOLEAN             Started;
    BOOLEAN             Removed;
    KTIMER              ReportTimer;
    KDPC                ReportDpc;
    ULONG               Tick;
    IO_CSQ              ReadCsq;
    LIST_ENTRY          ReadList;
    KSPIN_LOCK          ReadLock;
} VGP_DEVICE_EXTENSION, *PVGP_DEVICE_EXTENSION;

#define VGP_MINI_EXT(_fdo) \
    ((PVGP_DEVICE_EXTENSION)(((PHID_DEVICE_EXTENSION)(_fdo)->DeviceExtension)->MiniDeviceExtension))
#define VGP_NEXT_DO(_fdo) \
    (((PHID_DEVICE_EXTENSION)(_fdo)->DeviceExtension)->NextDeviceObject)

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VgpUnload;
DRIVER_ADD_DEVICE VgpAddDevice;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH VgpDispatchCreateClose;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH VgpDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH VgpDispatchPower;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) DRIVER_DISPATCH VgpDispatchSystemControl;

/* config.c */
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS VgpGlobalsInitialize(_In_ PUNICODE_STRING RegistryPath);
_IRQL_requires_(PASSIVE_LEVEL)
VOID VgpGlobalsCleanup(VOID);

/* hid.c */
_Dispatch_type_(IRP_MJ_INTERNAL_DEVICE_CONTROL) DRIVER_DISPATCH VgpDispatchInternalIoctl;

VOID VgpInitializeReadQueue(_In_ PVGP_DEVICE_EXTENSION Ext);
VOID VgpStartReports(_In_ PVGP_DEVICE_EXTENSION Ext);
VOID VgpStopReports(_In_ PVGP_DEVICE_EXTENSION Ext);
VOID VgpFlushReads(_In_ PVGP_DEVICE_EXTENSION Ext, _In_ NTSTATUS Status);
