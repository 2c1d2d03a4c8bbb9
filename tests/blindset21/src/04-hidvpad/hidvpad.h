/*++
Module Name:
    hidvpad.h

Abstract:
    Virtual gamepad HID minidriver (WDM, registered with hidclass).
    Output reports written by the companion service are looped back as
    input reports.

Environment:
    Kernel mode
--*/
#pragma once

#include <wdm.h>
#include <hidport.h>

#define VP_POOL_TAG         'dPpV'
#define VP_VENDOR_ID        0x1D6B
#define VP_PRODUCT_ID       0x0F21
#define VP_VERSION          0x0102
#define VP_INPUT_REPORT_ID  1
#define VP_OUTPUT_REPORT_ID 2
#define VP_INPUT_REPORT_LEN 8

#define VP_DBG(_fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "hidvpad: " _fmt "\n", __VA_ARGS__))
#define VP_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "hidvpad: " _fmt "\n", __VA_ARGS__)

#define IF_FAILED_GOTO(_st, _lbl)                                           \
    do {                                                                    \
        if (!NT_SUCCESS(_st)) {                                             \
            VP_ERR("%s(%d): 0x%08X", __FUNCTION__, __LINE__, (_st));        \
            goto _lbl;                                                      \
        }                                                                   \
    } while (0)

//
// Driver-wide state.
//
typedef struct _VP_GLOBALS {
    PUCHAR          ReportDescriptor;       // nonpaged copy, selected variant
    USHORT          ReportDescriptorLength;
    BOOLEAN         HasRumble;
    ULONG           DeviceCount;
} VP_GLOBALS, *PVP_GLOBALS;

extern VP_GLOBALS g_Vp;

#include <pshpack1.h>
typedef struct _VP_INPUT_REPORT {
    UCHAR  ReportId;
    UCHAR  Buttons[2];
    UCHAR  X;
    UCHAR  Y;
    UCHAR  Rx;
    UCHAR  Ry;
    UCHAR  Hat;
} VP_INPUT_REPORT, *PVP_INPUT_REPORT;
#include <poppack.h>

C_ASSERT(sizeof(VP_INPUT_REPORT) == VP_INPUT_REPORT_LEN);

//
// Minidriver extension (lives inside HID_DEVICE_EXTENSION).
//
typedef struct _VP_DEVICE_EXTENSION {
    PDEVICE_OBJECT  Self;
    IO_CSQ          ReadCsq;
    LIST_ENTRY      PendingReads;
    KSPIN_LOCK      PendingReadsLock;
    VP_INPUT_REPORT LastReport;
    BOOLEAN         Started;
    BOOLEAN         Removed;
} VP_DEVICE_EXTENSION, *PVP_DEVICE_EXTENSION;

#define VP_GET_EXT(_do) \
    ((PVP_DEVICE_EXTENSION)(((PHID_DEVICE_EXTENSION)(_do)->DeviceExtension)->MiniDeviceExtension))
#define VP_GET_NEXT(_do) \
    (((PHID_DEVICE_EXTENSION)(_do)->DeviceExtension)->NextDeviceObject)

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VpUnload;
DRIVER_ADD_DEVICE VpAddDevice;
DRIVER_DISPATCH VpDispatchPnp;
DRIVER_DISPATCH VpDispatchPower;
DRIVER_DISPATCH VpDispatchSystemControl;

//
// descriptor.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
VpBuildReportDescriptor(
    _Inout_ PVP_GLOBALS Globals,
    _In_ BOOLEAN WithRumble
    );

VOID
VpFreeReportDescriptor(
    _Inout_ PVP_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
BOOLEAN
VpQueryRumbleSetting(
    _In_ PUNICODE_STRING RegistryPath
    );

extern const HID_DESCRIPTOR g_VpHidDescriptorTemplate;

//
// ioctl.c
//
DRIVER_DISPATCH VpDispatchInternalIoctl;

VOID
VpInitializeReadQueue(
    _Inout_ PVP_DEVICE_EXTENSION Ext
    );

VOID
VpCancelAllReads(
    _Inout_ PVP_DEVICE_EXTENSION Ext
    );
